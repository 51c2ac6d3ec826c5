/**
 * The one error type routes and middleware throw; `app.onError` renders it as
 * `{ "error": { "code", "message", "requestId" } }` with the status from {@link STATUS_BY_CODE}.
 */
export const STATUS_BY_CODE = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_in_flight: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  /** The client went away before sending its whole request: no one reads the answer (nginx's 499). */
  client_closed_request: 499,
  internal: 500,
  helpdesk_rejected: 502,
  helpdesk_unavailable: 503,
  helpdesk_timeout: 503,
  handoff_busy: 503,
  /** Too many unauthenticated body bytes in flight across requests; retry shortly. */
  server_busy: 503,
  store_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: (typeof STATUS_BY_CODE)[ErrorCode];
  /** Seconds for the Retry-After header, when the client should retry. */
  readonly retryAfterSeconds: number | undefined;
  /** Per-field details of a validation error. */
  readonly details: { field: string; message: string }[] | undefined;
  /** Further response headers (`Allow` on 405). */
  readonly headers: Record<string, string>;
  /**
   * The request's body was refused unread (or half-read): answer with `Connection: close` so the
   * connection ends instead of the server draining what the client still sends.
   */
  readonly closeConnection: boolean;
  constructor(
    code: ErrorCode,
    message: string,
    options: {
      retryAfterSeconds?: number;
      details?: { field: string; message: string }[];
      headers?: Record<string, string>;
      closeConnection?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "HttpError";
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.headers = options.headers ?? {};
    this.closeConnection = options.closeConnection ?? false;
  }
}

/** The JSON error envelope every error answer carries (`app.onError`, and refusals made before routing). */
export function errorEnvelope(
  http: HttpError,
  requestId: string,
): {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    details?: { field: string; message: string }[];
  };
} {
  return {
    error: {
      code: http.code,
      message: http.message,
      requestId,
      ...(http.details ? { details: http.details } : {}),
    },
  };
}
