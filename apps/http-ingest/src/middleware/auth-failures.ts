import type { RateLimiter } from "@ispn/core";
import { HttpError } from "../http-errors.ts";

/**
 * Counts a failed authentication from `ip` against the address's lockout, shared by the ingest
 * routes and the demo pages (one `authfail:<ip>` budget): the attempt past `failuresPerMinute` in a
 * minute throws 429 with the seconds until the window resets.
 */
export async function countAuthFailure(
  options: { limiter: RateLimiter; now: () => number },
  ip: string,
  failuresPerMinute: number,
): Promise<void> {
  const tally = await options.limiter.hit({
    key: `authfail:${ip}`,
    limit: failuresPerMinute,
    windowMs: 60_000,
    now: options.now(),
  });
  if (!tally.allowed) {
    throw new HttpError(
      "rate_limited",
      "Too many failed authentication attempts from this address; wait a minute.",
      { retryAfterSeconds: Math.max(1, Math.ceil(tally.resetMs / 1000)) },
    );
  }
}
