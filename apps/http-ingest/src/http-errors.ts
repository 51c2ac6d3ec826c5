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
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_in_flight: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  helpdesk_rejected: 502,
  helpdesk_unavailable: 503,
  helpdesk_timeout: 503,
  handoff_busy: 503,
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
  constructor(
    code: ErrorCode,
    message: string,
    options: {
      retryAfterSeconds?: number;
      details?: { field: string; message: string }[];
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "HttpError";
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }
}
