/**
 * Errors of `@ispn/core`. One base class with a machine `code`; the public `message` is safe to
 * show a caller, internal detail goes in `cause`.
 */
export class CoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CoreError";
    this.code = code;
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return value instanceof CoreError;
}

/** Why a helpdesk call failed. */
export type HelpdeskErrorCode =
  /** Helpdesk unreachable, 5xx, or in outage. Retryable. */
  | "unavailable"
  /** No answer in time, and the request may not have been sent. Retryable. */
  | "timeout"
  /** The request was sent but the answer was lost: the write may or may not have happened. */
  | "ambiguous"
  /** Helpdesk rate limit (SDP 4015 / HTTP 429). Retryable after `retryAfterMs`. */
  | "rate_limited"
  | "not_found"
  /** The helpdesk refused a value or needs a missing field; `fields` names them. */
  | "invalid"
  | "forbidden"
  /** Credentials rejected or expired beyond recovery. */
  | "auth"
  /**
   * The connection or mapping is set up wrong (wrong base URL or portal, an HTML page where the API
   * was due, a custom field the helpdesk does not have). Not retryable: an operator must fix a
   * setting, which the message names. Never evidence about a ticket.
   */
  | "misconfigured";

const RETRYABLE: ReadonlySet<HelpdeskErrorCode> = new Set([
  "unavailable",
  "timeout",
  "ambiguous",
  "rate_limited",
]);

/** Thrown by every `Helpdesk` implementation for failures and refusals. */
export class HelpdeskError extends CoreError {
  declare readonly code: HelpdeskErrorCode;
  /** True when the same call may succeed later. */
  readonly retryable: boolean;
  /** How long to wait before retrying, when known. */
  readonly retryAfterMs: number | undefined;
  /** Field names the helpdesk refused or needs. */
  readonly fields: readonly string[];
  constructor(
    code: HelpdeskErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; fields?: readonly string[] } = {},
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "HelpdeskError";
    this.retryable = RETRYABLE.has(code);
    this.retryAfterMs = options.retryAfterMs;
    this.fields = options.fields ?? [];
  }
}

export function isHelpdeskError(value: unknown): value is HelpdeskError {
  return value instanceof HelpdeskError;
}

/** Thrown by stores when the backing storage fails (SQLite busy beyond timeout, Redis down). */
export class StoreError extends CoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("store_unavailable", message, options);
    this.name = "StoreError";
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}

/** Thrown by the handoff service when duplicates waited too long for the first creator. */
export class HandoffBusyError extends CoreError {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super("handoff_busy", message);
    this.name = "HandoffBusyError";
    this.retryAfterMs = retryAfterMs;
  }
}
