import type { CachedToken, TokenCache } from "@ispn/core";

interface Lock {
  until: number;
  released: Promise<void>;
}

/**
 * The default {@link TokenCache}: tokens and refresh locks in this process's memory. For a fleet,
 * pass a shared implementation of the same port (e.g. the Redis one from `@ispn/store-redis`).
 *
 * @param options.now - clock for lock leases (default `Date.now`).
 */
export function createMemoryTokenCache(options: { now?: () => number } = {}): TokenCache {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, CachedToken>();
  const locks = new Map<string, Lock>();

  return {
    async get(key) {
      return tokens.get(key);
    },
    async set(key, token) {
      tokens.set(key, { ...token });
    },
    async delete(key) {
      tokens.delete(key);
    },
    async withLock(key, { ttlMs, waitMs }, fn) {
      const deadline = now() + waitMs;
      for (;;) {
        const held = locks.get(key);
        if (!held || held.until <= now()) break;
        const remaining = Math.min(deadline, held.until) - now();
        if (deadline <= now()) return undefined;
        await Promise.race([held.released, delay(Math.max(0, remaining))]);
      }
      let release!: () => void;
      const lock: Lock = { until: now() + ttlMs, released: new Promise<void>((r) => (release = r)) };
      locks.set(key, lock);
      try {
        return await fn();
      } finally {
        if (locks.get(key) === lock) locks.delete(key);
        release();
      }
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
