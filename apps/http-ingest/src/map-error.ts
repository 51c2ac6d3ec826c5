import { HandoffBusyError, isHelpdeskError, isStoreError } from "@ispn/core";
import { HttpError } from "./http-errors.ts";

const seconds = (ms: number | undefined, fallback: number) =>
  Math.max(1, Math.ceil((ms ?? fallback * 1000) / 1000));

/** Maps any error to the HttpError the client sees. Internal detail stays in `cause` (logged, never sent). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof HandoffBusyError) {
    return new HttpError("handoff_busy", error.message, {
      retryAfterSeconds: seconds(error.retryAfterMs, 2),
      cause: error,
    });
  }
  if (isStoreError(error)) {
    return new HttpError("store_unavailable", "The dedup store is unavailable; retry shortly.", {
      retryAfterSeconds: 5,
      cause: error,
    });
  }
  if (isHelpdeskError(error)) {
    switch (error.code) {
      case "timeout":
      case "ambiguous":
        return new HttpError(
          "helpdesk_timeout",
          error.code === "ambiguous"
            ? "The helpdesk did not confirm the ticket in time; retry with the same Idempotency-Key or conversationId."
            : "The helpdesk did not answer in time; retry shortly.",
          { retryAfterSeconds: seconds(error.retryAfterMs, 5), cause: error },
        );
      case "unavailable":
      case "rate_limited":
        return new HttpError("helpdesk_unavailable", "The helpdesk is unavailable; retry shortly.", {
          retryAfterSeconds: seconds(error.retryAfterMs, 5),
          cause: error,
        });
      case "not_found":
        return new HttpError("not_found", error.message, { cause: error });
      default:
        // invalid / forbidden / auth: a deployment problem (mapping, credentials), not the caller's.
        return new HttpError(
          "helpdesk_rejected",
          `The helpdesk refused the request (${error.code}); an administrator must check the helpdesk settings.`,
          {
            cause: error,
          },
        );
    }
  }
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new HttpError(
      "helpdesk_timeout",
      "The handoff did not finish within its time budget; retry shortly.",
      {
        retryAfterSeconds: 2,
        cause: error,
      },
    );
  }
  return new HttpError("internal", "Something went wrong on our side; retry shortly.", { cause: error });
}
