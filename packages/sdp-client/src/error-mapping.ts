import { HelpdeskError, type HelpdeskErrorCode, isHelpdeskError } from "@ispn/core";
import {
  isSdpError,
  SdpNetworkError,
  SdpRateLimitError,
  SdpTimeoutError,
  SdpTokenThrottledError,
} from "./errors.ts";

/**
 * Maps any error from the SDP client onto the core {@link HelpdeskError} at the port boundary.
 * `write` marks calls that change SDP state: for them, a timeout or broken connection after the
 * request left (and an unreadable success answer) is "ambiguous" — the change may have happened.
 */
export function toHelpdeskError(error: unknown, write: boolean): HelpdeskError {
  if (isHelpdeskError(error)) return error;
  if (!isSdpError(error)) {
    return new HelpdeskError("unavailable", "The helpdesk call failed unexpectedly.", { cause: error });
  }
  const sent =
    (error instanceof SdpNetworkError || error instanceof SdpTimeoutError) && error.mayHaveBeenSent;
  const retryAfterMs =
    error instanceof SdpRateLimitError || error instanceof SdpTokenThrottledError
      ? error.retryAfterMs
      : undefined;
  const code: HelpdeskErrorCode = (() => {
    switch (error.code) {
      case "not_found":
        return "not_found";
      case "invalid_value":
      case "mandatory_missing":
      case "incomplete":
        return "invalid";
      case "config":
      case "misconfigured":
        return "misconfigured";
      case "forbidden":
        return "forbidden";
      case "rate_limited":
      case "token_throttled":
        return "rate_limited";
      case "auth":
        return "auth";
      case "timeout":
        return write && sent ? "ambiguous" : "timeout";
      case "network":
        return write && sent ? "ambiguous" : "unavailable";
      case "unexpected_response":
        // Only an unreadable *success* leaves a write in doubt; a refused write did nothing.
        return write && (error.httpStatus ?? 200) < 300 ? "ambiguous" : "unavailable";
      case "server":
        return "unavailable";
    }
  })();
  const message =
    code === "ambiguous"
      ? `${error.message} The change may or may not have been made in the helpdesk; check before repeating it.`
      : error.message;
  return new HelpdeskError(code, message, {
    cause: error,
    fields: error.fields,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
