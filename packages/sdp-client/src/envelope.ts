import {
  SdpAuthError,
  type SdpError,
  SdpForbiddenError,
  SdpMisconfiguredError,
  SdpNotFoundError,
  SdpRateLimitError,
  SdpResponseError,
  SdpServerError,
  SdpValidationError,
} from "./errors.ts";
import { type WireStatusEntry, type WireStatusMessage, wireEnvelope } from "./wire-schemas.ts";

/** A successful answer: the JSON body and any warning messages (SDP 3000). */
export interface SdpAnswer {
  body: Record<string, unknown>;
  /** Messages of a `status_code: 3000` (warning) answer: the operation may not have completed. */
  warnings: WireStatusMessage[];
  /** A file answer (`SdpCall.download`): the bytes, as sent, and what the headers say about them. */
  file?: { bytes: Uint8Array; contentType: string; fileName?: string };
}

/** The settings that make up the API address. */
export const ADDRESS_SETTINGS: readonly string[] = ["SDP_BASE_URL", "SDP_PORTAL", "SDP_DATA_CENTER"];

/** SDP codes that mean "a value is wrong" (reference §5.2). */
const INVALID_VALUE = new Set([4001, 4005, 4008, 4009, 4014, 4016, 4021]);

/**
 * Reads an SDP answer. Failure is detected from the HTTP status *or* the `response_status`
 * envelope (object or array; any entry with `status: "failed"` or a 4xxx code), even on HTTP 200
 * (§5.1). Field names are collected from `messages[].field` and `messages[].fields`.
 *
 * @param retryAfterMs - parsed `Retry-After`, put on rate-limit errors.
 */
export function readAnswer(
  status: number,
  text: string,
  label: string,
  retryAfterMs: number | undefined,
): SdpAnswer {
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch (cause) {
    // SDP answers unknown endpoints, an unknown portal and a wrong Accept header with an HTML page
    // (§5.3): that is the wrong address, never "no such ticket". A 5xx page is an outage.
    const options = { cause, httpStatus: status, detail: `${label}: non-JSON answer` };
    if (status === 429) throw new SdpRateLimitError(retryAfterMs, options);
    if (status >= 500) throw new SdpServerError(`SDP answered HTTP ${status}.`, options);
    throw new SdpMisconfiguredError(
      ADDRESS_SETTINGS,
      `SDP answered HTTP ${status} with a web page instead of the API: the address is wrong. Check SDP_BASE_URL, SDP_PORTAL and SDP_DATA_CENTER.`,
      options,
    );
  }
  const parsed = wireEnvelope.safeParse(json);
  if (!parsed.success || typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SdpResponseError("SDP answered with an unexpected shape.", {
      httpStatus: status,
      detail: label,
      ...(parsed.success ? {} : { cause: parsed.error }),
    });
  }
  const raw = parsed.data.response_status;
  const entries: WireStatusEntry[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  // A 3000 warning may say `status: "failed"` (the op did not happen) or not: it is read as a
  // warning either way, and the caller decides (close adds a resolution; others refuse).
  const failed = entries.filter(
    (e) => e.status_code !== 3000 && (e.status?.toLowerCase() === "failed" || (e.status_code ?? 0) >= 4000),
  );
  if (failed.length > 0 || status >= 400) {
    throw failureError(status, failed, label, retryAfterMs);
  }
  const warnings = entries.filter((e) => e.status_code === 3000).flatMap((e) => e.messages ?? [{}]);
  return { body: json as Record<string, unknown>, warnings };
}

/** The error for a 3000 warning answer that the caller does not handle itself. */
export function warningError(warnings: readonly WireStatusMessage[], label: string): SdpValidationError {
  const fields = messageFields(warnings);
  const text = warnings
    .map((m) => m.message)
    .filter(Boolean)
    .join("; ");
  return new SdpValidationError(
    "incomplete",
    fields.length > 0
      ? `SDP did not complete the operation; it needs: ${fields.join(", ")}.`
      : "SDP did not complete the operation (warning 3000).",
    { statusCode: 3000, fields, detail: `${label}: ${text || "no message"}` },
  );
}

/** Field names named by status messages. */
export function messageFields(messages: readonly WireStatusMessage[]): string[] {
  const fields = messages.flatMap((m) => [...(m.field ? [m.field] : []), ...(m.fields ?? [])]);
  return [...new Set(fields)];
}

function failureError(
  status: number,
  failed: WireStatusEntry[],
  label: string,
  retryAfterMs: number | undefined,
): SdpError {
  const messages = failed.flatMap((e) => e.messages ?? []);
  const codes = [
    ...messages.map((m) => m.status_code),
    ...failed.map((e) => e.status_code).filter((c) => c !== 4000),
  ].filter((c): c is number => typeof c === "number");
  const sdpText = messages
    .map((m) => m.message)
    .filter(Boolean)
    .join("; ");
  const named = messageFields(messages);
  // A 400 without field names often names the field in its text ("Extra key found in JSON: …").
  const fields = named.length > 0 || status !== 400 ? named : fieldsInText(sdpText);
  const has = (...wanted: number[]) => codes.find((c) => wanted.includes(c));
  const base = (statusCode: number | undefined) => ({
    httpStatus: status,
    ...(statusCode === undefined ? {} : { statusCode }),
    fields,
    detail: `${label}: ${sdpText || "no message"} [${codes.join(",") || "no code"}]`,
  });
  const list = fields.join(", ");

  const rate = has(4015);
  if (rate !== undefined || status === 429) return new SdpRateLimitError(retryAfterMs, base(rate));
  const auth = has(4022);
  if (auth !== undefined || status === 401)
    return new SdpAuthError("SDP rejected the access token.", base(auth));
  const missing = has(4007);
  if (missing !== undefined || (status === 404 && codes.length === 0)) {
    // 4007 means "Invalid URL or Resource not found" (§5.2); SDP's words tell the two apart.
    if (/invalid\s*url/i.test(sdpText) && !/not\s*found|does\s*not\s*exist/i.test(sdpText)) {
      return new SdpMisconfiguredError(
        ADDRESS_SETTINGS.slice(0, 2),
        "SDP answered 4007 Invalid URL: the portal or base URL is wrong. Check SDP_BASE_URL and SDP_PORTAL.",
        base(missing),
      );
    }
    return new SdpNotFoundError("SDP found no such request or resource.", base(missing));
  }
  const forbidden = has(4002, 7001);
  if (forbidden !== undefined || (status === 403 && codes.length === 0)) {
    return new SdpForbiddenError(
      forbidden === 7001
        ? "The SDP licence does not allow this operation."
        : `SDP does not allow this operation for this account${list ? ` (field: ${list})` : ""}.`,
      base(forbidden),
    );
  }
  const mandatory = has(4012);
  if (mandatory !== undefined) {
    return new SdpValidationError(
      "mandatory_missing",
      list ? `SDP needs a value for: ${list}.` : "SDP needs a mandatory field that was not given.",
      base(mandatory),
    );
  }
  const invalid = codes.find((x) => INVALID_VALUE.has(x));
  // Any 400 refused the input, whatever its inner code (even the generic 4000): never retried.
  if (invalid !== undefined || status === 400) {
    return new SdpValidationError(
      "invalid_value",
      list ? `SDP refused the value of: ${list}.` : "SDP refused a value in the request.",
      base(invalid),
    );
  }
  const internal = has(4004);
  if (internal !== undefined || status >= 500) {
    const http = status >= 500 ? ` (HTTP ${status})` : "";
    return new SdpServerError(`SDP reported an internal error${http}.`, base(internal));
  }
  return new SdpServerError("SDP reported a failure without a known code.", base(codes[0]));
}

/** Field names in SDP's prose, e.g. "Extra key found in JSON: udf_fields.udf_char2". */
function fieldsInText(text: string): string[] {
  const found = /(?:key|field)[^:]*:\s*"?([A-Za-z_][\w.]*)/i.exec(text)?.[1];
  return found ? [found] : [];
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
