import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CachedToken, TokenCache } from "@ispn/core";
import { evalScript } from "./eval-script.ts";
import type { KeyLayout } from "./keys.ts";
import { TOKEN_GRACE_MS } from "./keys.ts";
import type { RedisConnection } from "./redis-connection.ts";

/** KEYS: the lock. ARGV: holder. Deletes the lock only while this holder still owns it. */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** How often a waiter retries a held lock. */
const POLL_MS = 25;

/**
 * The shared SDP access token on Redis, so one replica refreshes it for the whole fleet. The
 * refresh lock is `SET NX PX`, held at most `ttlMs` and released by compare-and-delete, so a
 * holder whose lock expired never deletes its successor's.
 */
export class RedisTokenCache implements TokenCache {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async get(key: string): Promise<CachedToken | undefined> {
    return this.#redis.run("tokenCache.get", async (client) => {
      const raw = await client.get(this.#keys.token(key));
      return raw === null ? undefined : parseToken(raw);
    });
  }

  async set(key: string, token: CachedToken): Promise<void> {
    // the token carries no caller clock: keep it until its expiry by real time, plus a grace period
    const remaining = Number.isFinite(token.expiresAt) ? Math.max(token.expiresAt - Date.now(), 0) : 0;
    const value = JSON.stringify({ accessToken: token.accessToken, expiresAt: token.expiresAt });
    await this.#redis.run("tokenCache.set", (client) =>
      client.set(this.#keys.token(key), value, {
        expiration: { type: "PX", value: Math.ceil(remaining) + TOKEN_GRACE_MS },
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.#redis.run("tokenCache.delete", (client) => client.del(this.#keys.token(key)));
  }

  async withLock<T>(
    key: string,
    options: { ttlMs: number; waitMs: number },
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    const lockKey = this.#keys.lock(key);
    const holder = randomUUID();
    const ttl = Math.max(1, Math.ceil(options.ttlMs));
    const acquire = async () =>
      (await this.#redis.run("tokenCache.lock", (client) =>
        client.set(lockKey, holder, { condition: "NX", expiration: { type: "PX", value: ttl } }),
      )) !== null;
    const deadline = Date.now() + options.waitMs;
    while (!(await acquire())) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await sleep(Math.min(POLL_MS, left));
    }
    try {
      return await fn();
    } finally {
      // an unlock that fails (Redis just went down) must not hide fn's outcome: the lock ends by its PX
      await this.#redis
        .run("tokenCache.unlock", (client) =>
          evalScript(client, UNLOCK, { keys: [lockKey], arguments: [holder] }),
        )
        .catch(() => undefined);
    }
  }
}

/** A stored token, or `undefined` for a value that is not one (read as a miss, never a crash). */
function parseToken(raw: string): CachedToken | undefined {
  try {
    const value = JSON.parse(raw) as Partial<CachedToken> | null;
    return typeof value?.accessToken === "string" && typeof value.expiresAt === "number"
      ? { accessToken: value.accessToken, expiresAt: value.expiresAt }
      : undefined;
  } catch {
    return undefined;
  }
}
