import type { Logger, Stores, TokenCache, TokenKeys } from "@ispn/core";
import { createTokenCipher, encryptTokenCache, MemoryTokenCache, silentLogger } from "@ispn/core";
import { keyLayout } from "./keys.ts";
import { RedisAuditLog } from "./redis-audit-log.ts";
import { RedisConnection } from "./redis-connection.ts";
import { RedisDedupStore } from "./redis-dedup-store.ts";
import { RedisIdempotencyStore } from "./redis-idempotency-store.ts";
import { RedisOutbox } from "./redis-outbox.ts";
import { RedisRateLimiter, RedisReplayGuard } from "./redis-small-stores.ts";
import { RedisTokenCache } from "./redis-token-cache.ts";

export interface RedisStoresOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string;
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. Default `"ispn:"`. */
  keyPrefix?: string;
  /** How long the first connection (and each reconnect attempt) may take. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** How long one operation waits for Redis to answer before failing with `StoreError`. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** How many audit entries to keep (the oldest are dropped). Default 100 000. */
  auditCapacity?: number;
  /** Receives connection lost / restored events. Default: silent. */
  logger?: Logger;
  /**
   * Keys that encrypt the shared SDP token in Redis (AES-256-GCM); every replica needs the same.
   * Without them no token is written to Redis: each process keeps its own in memory (and mints
   * its own), and a warning says so.
   */
  tokenKeys?: TokenKeys;
}

/** The default key prefix. */
export const DEFAULT_REDIS_KEY_PREFIX = "ispn:";

/**
 * Every store on one Redis, shared by many replicas: dedup claims, Idempotency-Key records, the
 * HMAC replay guard, rate-limit counters and the SDP token cache with its refresh lock.
 *
 * Connects before resolving; rejects with `StoreError` when Redis is not reachable within
 * `connectTimeoutMs` or the URL is invalid. Afterwards operations never wait for a connection:
 * while Redis is down they reject with `StoreError` at once (or after `commandTimeoutMs` when
 * Redis stops answering), `health()` reports `{ ok: false, detail }`, and the client reconnects
 * in the background, so the same `Stores` work again once Redis is back. `close()` waits for
 * commands in flight, then disconnects.
 */
export async function createRedisStores(options: RedisStoresOptions): Promise<Stores> {
  const redis = await RedisConnection.open({
    url: options.url,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    logger: options.logger ?? silentLogger,
  });
  const keys = keyLayout(options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX);
  const logger = options.logger ?? silentLogger;
  return {
    kind: "redis",
    dedup: new RedisDedupStore(redis, keys),
    idempotency: new RedisIdempotencyStore(redis, keys),
    replay: new RedisReplayGuard(redis, keys),
    rateLimiter: new RedisRateLimiter(redis, keys),
    tokenCache: tokenCache(new RedisTokenCache(redis, keys), options.tokenKeys, logger),
    outbox: new RedisOutbox(redis, keys),
    audit: new RedisAuditLog(redis, keys, options.auditCapacity),
    async health() {
      return { kind: "redis", ...(await redis.health()) };
    },
    close: () => redis.close(),
  };
}

/** The token cache: sealed in Redis with `tokenKeys`, else in this process only (never plain in Redis). */
function tokenCache(redis: RedisTokenCache, tokenKeys: TokenKeys | undefined, logger: Logger): TokenCache {
  if (!tokenKeys) {
    const memory = new MemoryTokenCache();
    let warned = false;
    return {
      get: (key) => memory.get(key),
      async set(key, token) {
        if (!warned) {
          warned = true;
          logger.warn(
            { store: "redis" },
            "no token encryption key: the SDP access token stays in this process's memory, not shared through Redis (set TOKEN_ENCRYPTION_KEY)",
          );
        }
        await memory.set(key, token);
      },
      delete: (key) => memory.delete(key),
      withLock: (key, options, fn) => memory.withLock(key, options, fn),
    };
  }
  return encryptTokenCache(redis, createTokenCipher(tokenKeys), {
    onUnreadable: (key) =>
      logger.warn(
        { tokenCacheKey: key },
        "a cached SDP token in Redis could not be decrypted (key changed, or another replica uses another key?): minting a new one",
      ),
  });
}
