import ky, { isTimeoutError } from "ky";
import { SdpNetworkError, SdpTimeoutError } from "./errors.ts";

/** One HTTP exchange, as the transport and the OAuth code need it. */
export interface HttpCall {
  fetch: typeof fetch;
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  searchParams?: URLSearchParams;
  /** A form body; `FormData` is sent as `multipart/form-data` (fetch writes the boundary). */
  body?: URLSearchParams | FormData;
  timeoutMs: number;
  signal?: AbortSignal;
  /** For messages and logs: e.g. "GET /requests". Never contains secrets. */
  label: string;
}

/** An HTTP answer, body read. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The raw body, for file downloads. */
  bytes: Uint8Array;
}

/**
 * Sends one request through ky (no ky retries: the callers own the retry policy) and reads the
 * whole body under one per-call timeout. Throws {@link SdpTimeoutError} or {@link SdpNetworkError};
 * every HTTP status is returned, not thrown.
 */
export async function httpCall(call: HttpCall): Promise<HttpAnswer> {
  if (call.signal?.aborted) {
    throw new SdpTimeoutError("The call was cancelled before it was sent.", false, { detail: call.label });
  }
  const timer = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, timer.signal]) : timer.signal;
  // The abort travels through derived signals (ours, ky's, the Request's); the race below makes the
  // timeout fire even if a fetch implementation ignores or loses the abort.
  let stop!: (reason: unknown) => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  const onAbort = () => stop(new Error("aborted"));
  signal.addEventListener("abort", onAbort, { once: true });
  const timeout = setTimeout(() => timer.abort(), call.timeoutMs);
  const exchange = (async () => {
    const response = await ky(call.url, {
      method: call.method,
      headers: call.headers ?? {},
      ...(call.searchParams ? { searchParams: call.searchParams } : {}),
      ...(call.body ? { body: call.body } : {}),
      fetch: call.fetch,
      signal,
      timeout: false,
      retry: 0,
      throwHttpErrors: false,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      text: new TextDecoder().decode(bytes),
      bytes,
    };
  })();
  exchange.catch(() => undefined); // settled later, after the race was lost
  try {
    return await Promise.race([exchange, stopped]);
  } catch (error) {
    if (timer.signal.aborted || call.signal?.aborted || isTimeoutError(error)) {
      const why = timer.signal.aborted
        ? `SDP did not answer within ${call.timeoutMs} ms.`
        : "The call was cancelled by the caller.";
      // Once fetch has the request we cannot know whether the server got it.
      throw new SdpTimeoutError(why, true, { cause: error, detail: call.label });
    }
    const notSent = surelyNotSent(error);
    throw new SdpNetworkError(
      notSent ? "Could not connect to the server." : "The connection failed before an answer arrived.",
      !notSent,
      { cause: error, detail: `${call.label}: ${errorCodes(error).join(",") || describe(error)}` },
    );
  } finally {
    clearTimeout(timeout);
    signal.removeEventListener("abort", onAbort);
  }
}

/** Socket error codes meaning the request never left this machine. */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

/** True when every socket error code found in the cause chain says "never sent". */
export function surelyNotSent(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((c) => NOT_SENT.has(c));
}

/** Error `code`s along the `cause` chain (and inside AggregateErrors, as Node uses for happy eyeballs). */
export function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 6 || typeof error !== "object" || error === null) return [];
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === "string" ? [own] : [];
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) for (const e of nested) codes.push(...errorCodes(e, depth + 1));
  codes.push(...errorCodes((error as { cause?: unknown }).cause, depth + 1));
  return codes;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
