import type { CachedToken, Logger, TokenCache } from "@ispn/core";
import { SdpError, SdpTimeoutError, SdpTokenThrottledError } from "./errors.ts";
import { requestToken, type TokenEndpoint } from "./oauth.ts";
import { outcomeLabel, type SdpObserver } from "./observer.ts";

/** Hands out Zoho access tokens, minting as rarely as possible (Zoho allows ~10 mints per 10 min). */
export interface TokenProvider {
  /** A valid access token, minted if needed. Concurrent callers share one mint. */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forgets `token` (SDP answered 401 with it) so the next `getToken` mints a fresh one. */
  invalidate(token: string): Promise<void>;
}

/** What the token provider needs. */
export interface TokenProviderDeps {
  endpoint: Omit<TokenEndpoint, "signal" | "throttleRetryAfterMs">;
  refreshToken: string;
  cache: TokenCache;
  cacheKey: string;
  now: () => number;
  logger: Logger;
  /**
   * The most a token is dropped before `expires_in` ends (default 10 s, at most 1% of its life): each
   * mint draws its own early margin between 0 and this, so replicas do not all refresh at once. A call
   * that still meets an expired token gets 401, refreshes once and is retried.
   */
  safetyMarginMs?: number;
  /** Draws the jitter (default `Math.random`). */
  random?: () => number;
  /** Told of every mint attempt (metrics). */
  onTokenMint?: SdpObserver["onTokenMint"];
}

const FIRST_THROTTLE_WAIT_MS = 60_000;
const MAX_THROTTLE_WAIT_MS = 30 * 60_000;
/** After Zoho rejected the credentials, do not ask again for this long (each ask counts as a mint). */
const AUTH_FAILURE_HOLD_MS = 60_000;

/**
 * Token provider with single flight in two layers: in process, concurrent callers share one
 * promise; across processes, the mint runs under `TokenCache.withLock`, re-checking the cache
 * first, so a fleet sharing a cache mints once. A throttle answer blocks further mints with an
 * exponential wait (1 min, doubling, at most 30 min) instead of hammering Zoho.
 */
export function createTokenProvider(deps: TokenProviderDeps): TokenProvider {
  const maxMargin = deps.safetyMarginMs ?? 10_000;
  const random = deps.random ?? Math.random;
  const lockMs = deps.endpoint.timeoutMs * deps.endpoint.accountsOrigins.length + 5_000;
  let local: CachedToken | undefined;
  let inflight: Promise<string> | undefined;
  let blockedUntil = 0;
  let blockedBy: SdpError | undefined;
  let throttleStreak = 0;

  const fresh = (t: CachedToken | undefined): t is CachedToken => t !== undefined && t.expiresAt > deps.now();

  function checkBlocked(): void {
    const wait = blockedUntil - deps.now();
    if (wait <= 0) return;
    if (blockedBy instanceof SdpTokenThrottledError) throw new SdpTokenThrottledError(wait);
    if (blockedBy) throw blockedBy;
  }

  async function mint(): Promise<CachedToken> {
    checkBlocked();
    try {
      const minted = await requestToken(
        { type: "refresh_token", refreshToken: deps.refreshToken },
        { ...deps.endpoint, throttleRetryAfterMs: FIRST_THROTTLE_WAIT_MS },
      );
      deps.onTokenMint?.({ outcome: "ok" });
      throttleStreak = 0;
      blockedBy = undefined;
      const life = minted.expiresInMs;
      const token = {
        accessToken: minted.accessToken,
        expiresAt: deps.now() + life - Math.min(maxMargin, life / 100) * random(),
      };
      deps.logger.info(
        { event: "sdp_token_minted", expiresInS: Math.round(life / 1000) },
        "SDP access token minted",
      );
      return token;
    } catch (error) {
      deps.onTokenMint?.({ outcome: outcomeLabel(error) });
      if (error instanceof SdpTokenThrottledError) {
        throttleStreak++;
        const wait = Math.min(FIRST_THROTTLE_WAIT_MS * 2 ** (throttleStreak - 1), MAX_THROTTLE_WAIT_MS);
        blockedUntil = deps.now() + wait;
        blockedBy = new SdpTokenThrottledError(wait, { cause: error });
        deps.logger.warn(
          { event: "sdp_token_throttled", waitS: Math.round(wait / 1000) },
          "Zoho throttled token mint",
        );
        throw blockedBy;
      }
      if (error instanceof SdpError && error.code === "auth") {
        blockedUntil = deps.now() + AUTH_FAILURE_HOLD_MS;
        blockedBy = error;
        deps.logger.error({ event: "sdp_token_rejected", detail: error.detail }, error.message);
      }
      throw error;
    }
  }

  async function acquire(): Promise<string> {
    const cached = await deps.cache.get(deps.cacheKey);
    if (fresh(cached)) {
      local = cached;
      return cached.accessToken;
    }
    checkBlocked();
    const token = await deps.cache.withLock(deps.cacheKey, { ttlMs: lockMs, waitMs: lockMs }, async () => {
      const again = await deps.cache.get(deps.cacheKey);
      if (fresh(again)) return again;
      const minted = await mint();
      await deps.cache.set(deps.cacheKey, minted);
      return minted;
    });
    const result = token ?? (await deps.cache.get(deps.cacheKey));
    if (!fresh(result)) {
      throw new SdpTimeoutError(
        "Timed out waiting for another process to refresh the SDP access token.",
        false,
      );
    }
    local = result;
    return result.accessToken;
  }

  return {
    async getToken(signal) {
      if (fresh(local)) return local.accessToken;
      inflight ??= acquire().finally(() => {
        inflight = undefined;
      });
      return signal ? raceAbort(inflight, signal) : inflight;
    },
    async invalidate(token) {
      if (local?.accessToken === token) local = undefined;
      const cached = await deps.cache.get(deps.cacheKey);
      // Another process may already have stored a newer token: only drop the rejected one.
      if (cached?.accessToken === token) await deps.cache.delete(deps.cacheKey);
    },
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function cancelled(): SdpTimeoutError {
  return new SdpTimeoutError("The call was cancelled while waiting for an access token.", false);
}
