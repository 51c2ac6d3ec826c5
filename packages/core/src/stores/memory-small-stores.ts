import type { CachedToken, RateLimiter, RateLimitResult, ReplayGuard, TokenCache } from "../ports/stores.ts";
import { ExpiringMap, type MemoryMapOptions } from "./expiring-map.ts";

/** In-process replay guard. */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen: ExpiringMap<true>;
  constructor(options: MemoryMapOptions = {}) {
    this.#seen = new ExpiringMap(options);
  }
  async firstSeen(request: Parameters<ReplayGuard["firstSeen"]>[0]): Promise<boolean> {
    return this.mark(request);
  }
  /** `firstSeen` without yielding, for a dedup claim that marks a key in the same step. */
  mark({ key, ttlMs, now }: Parameters<ReplayGuard["firstSeen"]>[0]): boolean {
    if (this.#seen.get(key, now)) return false;
    this.#seen.set(key, true, now + ttlMs, now);
    return true;
  }
}

/** In-process fixed-window rate limiter. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #counts: ExpiringMap<{ windowStart: number; count: number }>;
  constructor(options: MemoryMapOptions = {}) {
    this.#counts = new ExpiringMap(options);
  }
  async hit({ key, limit, windowMs, now }: Parameters<RateLimiter["hit"]>[0]): Promise<RateLimitResult> {
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const current = this.#counts.get(key, now);
    const count = current && current.windowStart === windowStart ? current.count + 1 : 1;
    this.#counts.set(key, { windowStart, count }, windowStart + windowMs, now);
    return {
      allowed: count <= limit,
      limit,
      remaining: Math.max(0, limit - count),
      resetMs: windowStart + windowMs - now,
    };
  }
}

/** In-process token cache; its lock serialises refreshes within the process. */
export class MemoryTokenCache implements TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #locks = new Map<string, Promise<void>>();

  async get(key: string): Promise<CachedToken | undefined> {
    return this.#tokens.get(key);
  }
  async set(key: string, token: CachedToken): Promise<void> {
    this.#tokens.set(key, token);
  }
  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }
  async withLock<T>(
    key: string,
    options: { ttlMs: number; waitMs: number },
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const held = this.#locks.get(key);
      if (!held) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await Promise.race([held, new Promise((r) => setTimeout(r, remaining))]);
    }
    let unlock!: () => void;
    this.#locks.set(key, new Promise<void>((r) => (unlock = r)));
    try {
      return await fn();
    } finally {
      this.#locks.delete(key);
      unlock();
    }
  }
}
