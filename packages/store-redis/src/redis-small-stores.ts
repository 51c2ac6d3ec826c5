import type { RateLimiter, RateLimitResult, ReplayGuard } from "@ispn/core";
import { evalScript } from "./eval-script.ts";
import type { KeyLayout } from "./keys.ts";
import { physicalTtlMs } from "./keys.ts";
import type { RedisConnection } from "./redis-connection.ts";

/** KEYS: the seen key (its value is its logical expiry). ARGV: now, expiresAt, PX. Returns 1 the first time. */
const FIRST_SEEN = `
local until_ = redis.call('GET', KEYS[1])
if until_ and tonumber(until_) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** KEYS: the counter hash {window, count}. ARGV: windowStart, PX. Returns the count in this window. */
const HIT = `
local count
if redis.call('HGET', KEYS[1], 'window') == ARGV[1] then
  count = redis.call('HINCRBY', KEYS[1], 'count', 1)
else
  redis.call('HSET', KEYS[1], 'window', ARGV[1], 'count', 1)
  count = 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count`;

/** Replay guard on Redis: one Lua script per check, so exactly one of concurrent callers sees a value first. */
export class RedisReplayGuard implements ReplayGuard {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async firstSeen({ key, ttlMs, now }: Parameters<ReplayGuard["firstSeen"]>[0]): Promise<boolean> {
    const first = await this.#redis.run("replay.firstSeen", (client) =>
      evalScript(client, FIRST_SEEN, {
        keys: [this.#keys.replay(key)],
        arguments: [String(now), String(now + ttlMs), String(physicalTtlMs(ttlMs))],
      }),
    );
    return first === 1;
  }
}

/** Fixed-window rate limiter on Redis: one counter per client, shared by every replica. */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async hit({ key, limit, windowMs, now }: Parameters<RateLimiter["hit"]>[0]): Promise<RateLimitResult> {
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const resetMs = windowStart + windowMs - now;
    const count = Number(
      await this.#redis.run("rateLimiter.hit", (client) =>
        evalScript(client, HIT, {
          keys: [this.#keys.rateLimit(key)],
          arguments: [String(windowStart), String(physicalTtlMs(resetMs))],
        }),
      ),
    );
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs };
  }
}
