/**
 * Errors of `@ispn/sdp-client`. One base class, {@link SdpError}, with a machine `code`.
 * `message` is safe to show a technician; SDP's own wording and the request path go in
 * `detail`, the underlying error in `cause`. Tokens, secrets and ticket text never appear in either.
 */

export type SdpErrorCode =
  /** Missing or wrong configuration; `setting` names the environment variable. */
  | "config"
  /** Credentials rejected: bad or revoked refresh token, wrong client, missing scope. */
  | "auth"
  /** Zoho's token endpoint throttled us ("Access Denied … too many requests"). Wait, then retry. */
  | "token_throttled"
  /** SDP 4001 (and 4005/4008/4009/4014/4016/4021): a value is unknown, not unique or not editable. */
  | "invalid_value"
  /** SDP 4012: a mandatory field is missing. */
  | "mandatory_missing"
  /** SDP 3000: a warning; the operation did not complete (e.g. close needs a resolution). */
  | "incomplete"
  /** SDP 4002 / HTTP 403, or 7001 (licence). */
  | "forbidden"
  /** A JSON SDP answer that the request, note or resource does not exist (4007 / HTTP 404). */
  | "not_found"
  /**
   * The answer shows the client is pointed or mapped wrong: an HTML page instead of the API (any
   * status below 500 but 429), 4007 "Invalid URL" (wrong base URL or portal), or a field SDP does not
   * have. `settings` names the variables to check. Never means "no such ticket".
   */
  | "misconfigured"
  /** SDP 4015 / HTTP 429. */
  | "rate_limited"
  /** HTTP 5xx or SDP 4004. */
  | "server"
  /** No HTTP answer: DNS, refused or reset connection. */
  | "network"
  /** No answer within the per-call timeout, or the caller aborted. */
  | "timeout"
  /** The answer was not the JSON shape the reference documents (e.g. an HTML login page). */
  | "unexpected_response";

/** Details every {@link SdpError} may carry. */
export interface SdpErrorOptions {
  cause?: unknown;
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** SDP `status_code` (e.g. 4012), when there was one. */
  statusCode?: number;
  /** Field names SDP refused or needs. */
  fields?: readonly string[];
  /** Internal detail for logs: SDP's message, method and path. Never secrets. */
  detail?: string;
}

/** Base class of every error this package throws. */
export class SdpError extends Error {
  readonly code: SdpErrorCode;
  readonly httpStatus: number | undefined;
  readonly statusCode: number | undefined;
  readonly fields: readonly string[];
  readonly detail: string | undefined;
  constructor(code: SdpErrorCode, message: string, options: SdpErrorOptions = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "SdpError";
    this.code = code;
    this.httpStatus = options.httpStatus;
    this.statusCode = options.statusCode;
    this.fields = options.fields ?? [];
    this.detail = options.detail;
  }
}

/** Invalid configuration. The message names the setting by its environment variable. */
export class SdpConfigError extends SdpError {
  /** The environment variable (or option) that is wrong, e.g. `SDP_CLIENT_ID`. */
  readonly setting: string;
  constructor(setting: string, message: string, options: SdpErrorOptions = {}) {
    super("config", `${setting}: ${message}`, options);
    this.name = "SdpConfigError";
    this.setting = setting;
  }
}

/** Credentials rejected; the message says what to do (re-run onboarding, check scopes). */
export class SdpAuthError extends SdpError {
  constructor(message: string, options: SdpErrorOptions = {}) {
    super("auth", message, options);
    this.name = "SdpAuthError";
  }
}

/** Zoho refused to mint a token because of too many requests. */
export class SdpTokenThrottledError extends SdpError {
  /** How long this client waits before asking Zoho again. */
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, options: SdpErrorOptions = {}) {
    super(
      "token_throttled",
      `Zoho is throttling token requests (too many requests). Wait about ${Math.ceil(retryAfterMs / 1000)} s before retrying; do not restart in a loop, each restart mints a new token.`,
      options,
    );
    this.name = "SdpTokenThrottledError";
    this.retryAfterMs = retryAfterMs;
  }
}

/** SDP refused a value (4001…), needs a mandatory field (4012) or answered a 3000 warning. */
export class SdpValidationError extends SdpError {
  declare readonly code: "invalid_value" | "mandatory_missing" | "incomplete";
  constructor(
    code: "invalid_value" | "mandatory_missing" | "incomplete",
    message: string,
    options: SdpErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = "SdpValidationError";
  }
}

/** SDP 4002 / HTTP 403 (the account may not do this), or 7001 (licence). */
export class SdpForbiddenError extends SdpError {
  constructor(message: string, options: SdpErrorOptions = {}) {
    super("forbidden", message, options);
    this.name = "SdpForbiddenError";
  }
}

/** SDP 4007 / HTTP 404 in a JSON SDP answer: no such request, note or resource. */
export class SdpNotFoundError extends SdpError {
  constructor(message: string, options: SdpErrorOptions = {}) {
    super("not_found", message, options);
    this.name = "SdpNotFoundError";
  }
}

/**
 * The client reached something that is not the SDP API it expected (an HTML page, 4007 "Invalid
 * URL"), or the mapping names a field SDP does not have. Not retryable; an operator fixes a setting.
 */
export class SdpMisconfiguredError extends SdpError {
  /** The environment variables to check, e.g. `["SDP_BASE_URL", "SDP_PORTAL"]`. */
  readonly settings: readonly string[];
  constructor(settings: readonly string[], message: string, options: SdpErrorOptions = {}) {
    super("misconfigured", message, options);
    this.name = "SdpMisconfiguredError";
    this.settings = settings;
  }
}

/** SDP rate limit (4015 / 429). */
export class SdpRateLimitError extends SdpError {
  /** From `Retry-After` when SDP sent one (the reference found no source that it does). */
  readonly retryAfterMs: number | undefined;
  constructor(retryAfterMs: number | undefined, options: SdpErrorOptions = {}) {
    super(
      "rate_limited",
      retryAfterMs === undefined
        ? "SDP rate limit reached; retry later."
        : `SDP rate limit reached; retry in ${Math.ceil(retryAfterMs / 1000)} s.`,
      options,
    );
    this.name = "SdpRateLimitError";
    this.retryAfterMs = retryAfterMs;
  }
}

/** HTTP 5xx or SDP 4004 (internal error), or a failure without a known code. Reads retry it. */
export class SdpServerError extends SdpError {
  constructor(message: string, options: SdpErrorOptions = {}) {
    super("server", message, options);
    this.name = "SdpServerError";
  }
}

/** Failures without an answer. `mayHaveBeenSent` is false only when the request surely never left. */
export class SdpNetworkError extends SdpError {
  readonly mayHaveBeenSent: boolean;
  constructor(message: string, mayHaveBeenSent: boolean, options: SdpErrorOptions = {}) {
    super("network", message, options);
    this.name = "SdpNetworkError";
    this.mayHaveBeenSent = mayHaveBeenSent;
  }
}

/** No answer in time. `mayHaveBeenSent` is true once the HTTP request was handed to `fetch`. */
export class SdpTimeoutError extends SdpError {
  readonly mayHaveBeenSent: boolean;
  constructor(message: string, mayHaveBeenSent: boolean, options: SdpErrorOptions = {}) {
    super("timeout", message, options);
    this.name = "SdpTimeoutError";
    this.mayHaveBeenSent = mayHaveBeenSent;
  }
}

/** The answer did not have the documented shape. */
export class SdpResponseError extends SdpError {
  constructor(message: string, options: SdpErrorOptions = {}) {
    super("unexpected_response", message, options);
    this.name = "SdpResponseError";
  }
}

/** True for any error of this package; with `code`, only for that code. */
export function isSdpError(value: unknown, code?: SdpErrorCode): value is SdpError {
  return value instanceof SdpError && (code === undefined || value.code === code);
}

/** True when the error is a network failure or timeout after which a write may have happened. */
export function isAmbiguousSdpError(value: unknown): value is SdpNetworkError | SdpTimeoutError {
  return (value instanceof SdpNetworkError || value instanceof SdpTimeoutError) && value.mayHaveBeenSent;
}
