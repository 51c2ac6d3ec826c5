import { HelpdeskError } from "@ispn/core";

/** The SDP status code a desk refusal maps to on the wire, kept as the error's `cause`. */
export interface SdpCause {
  sdpStatusCode: 3000 | 4001 | 4002 | 4007 | 4012;
}

/** The SDP status code behind a desk refusal, if it is one. */
export function sdpCodeOf(error: unknown): SdpCause["sdpStatusCode"] | undefined {
  if (!(error instanceof HelpdeskError)) return undefined;
  const cause = error.cause as Partial<SdpCause> | undefined;
  return cause?.sdpStatusCode;
}

/** A value the portal does not know or does not allow (SDP 4001). */
export function invalidValue(field: string): HelpdeskError {
  return new HelpdeskError("invalid", `Value given for ${field} is not valid`, {
    fields: [field],
    cause: { sdpStatusCode: 4001 } satisfies SdpCause,
  });
}

/** Mandatory fields left out (SDP 4012 with `fields`). */
export function missingFields(fields: readonly string[]): HelpdeskError {
  return new HelpdeskError("invalid", `Value for mandatory-field is not provided: ${fields.join(", ")}`, {
    fields,
    cause: { sdpStatusCode: 4012 } satisfies SdpCause,
  });
}

/** The portal refuses the operation (SDP 4002, HTTP 403). */
export function forbidden(field: string, message: string): HelpdeskError {
  return new HelpdeskError("forbidden", message, {
    fields: [field],
    cause: { sdpStatusCode: 4002 } satisfies SdpCause,
  });
}

/** No such request (SDP 4007, HTTP 404). */
export function notFound(id: string): HelpdeskError {
  return new HelpdeskError("not_found", `No request with id ${id}`, {
    cause: { sdpStatusCode: 4007 } satisfies SdpCause,
  });
}

/** Close refused until the request has a resolution (SDP 3000 warning; the request stays open). */
export function resolutionRequired(): HelpdeskError {
  return new HelpdeskError("invalid", "Add a resolution before closing this request", {
    fields: ["resolution"],
    cause: { sdpStatusCode: 3000 } satisfies SdpCause,
  });
}
