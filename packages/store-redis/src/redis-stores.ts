import type { Logger, Stores } from "@ispn/core";
import { silentLogger } from "@ispn/core";
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
  return {
    kind: "redis",
    dedup: new RedisDedupStore(redis, keys),
    idempotency: new RedisIdempotencyStore(redis, keys),
    replay: new RedisReplayGuard(redis, keys),
    rateLimiter: new RedisRateLimiter(redis, keys),
    tokenCache: new RedisTokenCache(redis, keys),
    outbox: new RedisOutbox(redis, keys),
    audit: new RedisAuditLog(redis, keys, options.auditCapacity),
    async health() {
      return { kind: "redis", ...(await redis.health()) };
    },
    close: () => redis.close(),
  };
}
