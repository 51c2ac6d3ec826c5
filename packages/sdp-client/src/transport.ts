import type { Logger } from "@ispn/core";
import { parseRetryAfter, readAnswer, type SdpAnswer, warningError } from "./envelope.ts";
import {
  SdpAuthError,
  type SdpError,
  SdpNetworkError,
  SdpRateLimitError,
  SdpServerError,
  SdpTimeoutError,
} from "./errors.ts";
import { httpCall } from "./http.ts";
import { operationLabel, outcomeLabel, type SdpObserver } from "./observer.ts";
import type { TokenProvider } from "./token-provider.ts";

export type { SdpAnswer } from "./envelope.ts";

/** One SDP API call. */
export interface SdpCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Relative to the API root, e.g. `/requests/123/notes`. Encode ids with `encodeURIComponent`. */
  path: string;
  /** Sent as `input_data=<JSON>`: in the query for GET, as a form body otherwise (§2.2). */
  inputData?: unknown;
  /** Extra query parameters (e.g. `delete_type`). */
  query?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Return SDP 3000 warnings in the answer instead of throwing `SdpValidationError` "incomplete"
   * (for operations that know how to complete themselves, like close).
   */
  acceptWarnings?: boolean;
  /**
   * A multipart body (file upload), sent instead of `inputData`'s form body; `inputData`, if any,
   * goes in as an `input_data` part. Only for writes; never retried blindly.
   */
  multipart?: FormData;
  /**
   * A file download: a 2xx answer that is not JSON is returned as `SdpAnswer.file` instead of being
   * read as the envelope (a JSON answer is still checked as one, so SDP failures throw as usual).
   */
  download?: boolean;
  /** Do not retry this read (e.g. a readiness probe that must answer fast). */
  noRetry?: boolean;
}

/** Sends SDP calls (see {@link createTransport}). */
export interface Transport {
  /** Sends `call`; throws an {@link SdpError} on any failure, including failures inside HTTP 200. */
  send(call: SdpCall): Promise<SdpAnswer>;
}

/** What the transport needs. */
export interface TransportDeps {
  apiRoot: string;
  fetch: typeof fetch;
  tokens: TokenProvider;
  timeoutMs: number;
  retry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  now: () => number;
  random: () => number;
  logger: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of every HTTP exchange with the API (metrics). */
  onApiCall?: SdpObserver["onApiCall"];
}

/** The `Accept` value SDP requires; a plain `application/json` gets the HTML login page (§2.1). */
export const SDP_ACCEPT = "application/vnd.manageengine.sdp.v3+json";

const SCOPE_DENIED_HOLD_MS = 10 * 60_000;

/** Internal: HTTP 401, answered by one token refresh. */
class Unauthorized extends Error {}

/**
 * The SDP wire protocol: the two headers, `input_data` placement, envelope checks, a timeout per
 * call, one refresh-and-retry on 401, and retries with exponential backoff and full jitter for
 * reads (GET) on 429/4015, 5xx and network errors. Writes are never retried blindly: only the
 * 401 retry applies to them, because SDP rejected the token before doing anything.
 */
export function createTransport(deps: TransportDeps): Transport {
  const sleep = deps.sleep ?? defaultSleep;
  /** Resource (first path segment) → until when its 401s are taken as a scope problem. */
  const scopeDenied = new Map<string, number>();

  async function once(call: SdpCall, token: string): Promise<SdpAnswer> {
    const label = `${call.method} ${call.path}`;
    const input = call.inputData === undefined ? undefined : JSON.stringify(call.inputData);
    const query = new URLSearchParams(call.query ?? {});
    if (input !== undefined && call.method === "GET") query.set("input_data", input);
    const started = deps.now();
    const answer = await httpCall({
      fetch: deps.fetch,
      method: call.method,
      url: deps.apiRoot + call.path,
      headers: {
        Accept: SDP_ACCEPT,
        Authorization: `Zoho-oauthtoken ${token}`,
        // The charset keeps non-ASCII text intact on servlet containers that default to Latin-1.
        ...(input !== undefined && call.method !== "GET" && !call.multipart
          ? { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" }
          : {}),
      },
      ...(query.size > 0 ? { searchParams: query } : {}),
      ...(call.multipart
        ? { body: withInputData(call.multipart, input) }
        : input !== undefined && call.method !== "GET"
          ? { body: new URLSearchParams({ input_data: input }) }
          : {}),
      timeoutMs: deps.timeoutMs,
      ...(call.signal ? { signal: call.signal } : {}),
      label,
    });
    deps.logger.debug(
      {
        event: "sdp_call",
        method: call.method,
        path: call.path,
        status: answer.status,
        ms: deps.now() - started,
      },
      "SDP call",
    );
    if (answer.status === 401) throw new Unauthorized();
    const file = call.download ? fileOf(answer) : undefined;
    if (file) return { body: {}, warnings: [], file };
    return readAnswer(
      answer.status,
      answer.text,
      label,
      parseRetryAfter(answer.headers.get("retry-after"), deps.now()),
    );
  }

  /** `once`, reported to `onApiCall` with its latency and outcome. */
  async function observed(call: SdpCall, token: string): Promise<SdpAnswer> {
    const report = deps.onApiCall;
    if (!report) return once(call, token);
    const started = performance.now();
    let outcome = "ok";
    try {
      return await once(call, token);
    } catch (error) {
      outcome = error instanceof Unauthorized ? "unauthorized" : outcomeLabel(error);
      throw error;
    } finally {
      report({
        operation: operationLabel(call.method, call.path),
        outcome,
        seconds: (performance.now() - started) / 1000,
      });
    }
  }

  return {
    async send(call) {
      const attempts = call.method === "GET" && !call.noRetry ? Math.max(1, deps.retry.attempts) : 1;
      let refreshed = false;
      for (let attempt = 1; ; ) {
        const token = await deps.tokens.getToken(call.signal).catch((error: unknown) => {
          throw tokenFailure(error);
        });
        try {
          const answer = await observed(call, token);
          if (answer.warnings.length > 0 && !call.acceptWarnings) {
            throw warningError(answer.warnings, `${call.method} ${call.path}`);
          }
          return answer;
        } catch (error) {
          const unauthorized =
            error instanceof Unauthorized || (error instanceof SdpAuthError && error.statusCode === 4022);
          if (unauthorized) {
            const resource = call.path.split("/")[1] ?? "";
            // A missing scope also answers 401 (§3.5): once a fresh token failed on a resource,
            // further 401s there do not burn token mints (Zoho allows ~10 per 10 minutes).
            const denied = (scopeDenied.get(resource) ?? 0) > deps.now();
            if (!refreshed && !denied) {
              await deps.tokens.invalidate(token);
              refreshed = true;
              continue;
            }
            if (refreshed) scopeDenied.set(resource, deps.now() + SCOPE_DENIED_HOLD_MS);
            throw new SdpAuthError(
              `SDP rejected the access token for /${resource} even after a refresh (HTTP 401). The refresh token probably lacks a scope: create it with SDPOnDemand.requests.ALL,SDPOnDemand.setup.READ,SDPOnDemand.users.READ; also check SDP_DATA_CENTER and SDP_PORTAL.`,
              { httpStatus: 401, detail: `${call.method} ${call.path}` },
            );
          }
          const wait = attempt < attempts ? retryDelay(error, attempt) : undefined;
          if (wait === undefined) throw error;
          deps.logger.warn(
            {
              event: "sdp_retry",
              method: call.method,
              path: call.path,
              code: (error as SdpError).code,
              attempt,
              waitMs: wait,
            },
            "Retrying SDP read",
          );
          await sleep(wait, call.signal);
          attempt++;
        }
      }
    },
  };

  /** Backoff with full jitter; `Retry-After` wins when present. `undefined`: do not retry. */
  function retryDelay(error: unknown, attempt: number): number | undefined {
    const retryable =
      error instanceof SdpRateLimitError ||
      error instanceof SdpServerError ||
      error instanceof SdpNetworkError;
    if (!retryable) return undefined;
    if (error instanceof SdpRateLimitError && error.retryAfterMs !== undefined) {
      return error.retryAfterMs <= deps.retry.maxDelayMs ? error.retryAfterMs : undefined;
    }
    const ceiling = Math.min(deps.retry.maxDelayMs, deps.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(deps.random() * ceiling);
  }
}

/** The multipart body with `input_data` added as a text part (when there is one). */
function withInputData(form: FormData, input: string | undefined): FormData {
  if (input === undefined) return form;
  const out = new FormData();
  for (const [key, value] of form) out.append(key, value);
  out.append("input_data", input);
  return out;
}

/** A 2xx answer that is not JSON, as a file; `undefined` for JSON (an envelope) and failures. */
function fileOf(answer: {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}): SdpAnswer["file"] | undefined {
  const contentType = answer.headers.get("content-type") ?? "application/octet-stream";
  if (answer.status < 200 || answer.status >= 300 || /json/i.test(contentType)) return undefined;
  const disposition = answer.headers.get("content-disposition") ?? "";
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)?.[1];
  const fileName = star ? safeDecode(star) : plain;
  return { bytes: answer.bytes, contentType, ...(fileName ? { fileName } : {}) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A failure to get a token means the API call itself never left: say so (no "ambiguous" write). */
function tokenFailure(error: unknown): unknown {
  const options = { cause: error, detail: "token endpoint" };
  if (error instanceof SdpTimeoutError && error.mayHaveBeenSent) {
    return new SdpTimeoutError(`Could not get an access token: ${error.message}`, false, options);
  }
  if (error instanceof SdpNetworkError && error.mayHaveBeenSent) {
    return new SdpNetworkError(`Could not get an access token: ${error.message}`, false, options);
  }
  return error;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new SdpTimeoutError("The call was cancelled while waiting to retry.", false);
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
