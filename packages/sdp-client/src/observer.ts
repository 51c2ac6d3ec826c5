import { SdpError, SdpTokenThrottledError } from "./errors.ts";

/**
 * Hooks to measure the client (Prometheus metrics, traces). Each is called synchronously after the
 * event, must be cheap and must not throw.
 */
export interface SdpObserver {
  /**
   * After each HTTP exchange with the SDP API (a retry is another call). `operation` is the method
   * and the path with ids replaced, e.g. `GET /requests/:id/notes`; `outcome` is `ok` or the
   * `SdpError` code (`unauthorized` for a 401 answered by a token refresh).
   */
  onApiCall?(call: { operation: string; outcome: string; seconds: number }): void;
  /** After each token mint attempt at Zoho: `ok`, `throttled` or the `SdpError` code. */
  onTokenMint?(mint: { outcome: string }): void;
}

/** A call's operation label: its method and path with numeric ids as `:id` (bounded cardinality). */
export function operationLabel(method: string, path: string): string {
  const route = path
    .split("?")[0]!
    .split("/")
    .map((segment) => (/^\d+$/.test(segment) ? ":id" : segment))
    .join("/");
  return `${method} ${route}`;
}

/** The outcome label of a failed call or mint. */
export function outcomeLabel(error: unknown): string {
  if (error instanceof SdpTokenThrottledError) return "throttled";
  return error instanceof SdpError ? error.code : "error";
}
