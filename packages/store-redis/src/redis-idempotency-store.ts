import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from "@ispn/core";
import { evalScript } from "./eval-script.ts";
import type { KeyLayout } from "./keys.ts";
import { physicalTtlMs } from "./keys.ts";
import type { RedisConnection } from "./redis-connection.ts";

/**
 * A record is a hash {fingerprint, expiresAt, response?}; the response stays an opaque JSON
 * string, so Lua never parses request bodies.
 * KEYS: the record. ARGV: fingerprint, now, expiresAt of a new in-flight record, PX.
 */
const BEGIN = `
local rec = redis.call('HMGET', KEYS[1], 'fingerprint', 'expiresAt', 'response')
if rec[1] and tonumber(rec[2]) > tonumber(ARGV[2]) then
  if rec[1] ~= ARGV[1] then return {'mismatch'} end
  if rec[3] then return {'replay', rec[3]} end
  return {'in_flight'}
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'expiresAt', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'started'}`;

/** KEYS: the record. ARGV: fingerprint, now, new expiresAt, PX. Extends a live in-flight record. */
const EXTEND = `
local rec = redis.call('HMGET', KEYS[1], 'fingerprint', 'expiresAt', 'response')
if not rec[1] or rec[1] ~= ARGV[1] or rec[3] or tonumber(rec[2]) <= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

/** KEYS: the record. ARGV: fingerprint, expiresAt, response JSON, PX. */
const FINISH = `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'expiresAt', ARGV[2], 'response', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0`;

/** Idempotency-Key store on Redis; `begin` is one Lua script, so one of many concurrent requests starts. */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #redis: RedisConnection;
  readonly #keys: KeyLayout;

  constructor(redis: RedisConnection, keys: KeyLayout) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async begin({
    key,
    fingerprint,
    leaseMs,
    now,
  }: Parameters<IdempotencyStore["begin"]>[0]): Promise<IdempotencyBegin> {
    return this.#redis.run("idempotency.begin", async (client) => {
      const [kind, response] = (await evalScript(client, BEGIN, {
        keys: [this.#keys.idempotency(key)],
        arguments: [fingerprint, String(now), String(now + leaseMs), String(physicalTtlMs(leaseMs))],
      })) as [IdempotencyBegin["kind"], string?];
      return kind === "replay"
        ? { kind, response: JSON.parse(response as string) as StoredResponse }
        : ({ kind } as IdempotencyBegin);
    });
  }

  async extend({
    key,
    fingerprint,
    leaseMs,
    now,
  }: Parameters<IdempotencyStore["extend"]>[0]): Promise<boolean> {
    const extended = await this.#redis.run("idempotency.extend", (client) =>
      evalScript(client, EXTEND, {
        keys: [this.#keys.idempotency(key)],
        arguments: [fingerprint, String(now), String(now + leaseMs), String(physicalTtlMs(leaseMs))],
      }),
    );
    return extended === 1;
  }

  async finish({
    key,
    fingerprint,
    response,
    ttlMs,
    now,
  }: Parameters<IdempotencyStore["finish"]>[0]): Promise<void> {
    await this.#redis.run("idempotency.finish", (client) =>
      evalScript(client, FINISH, {
        keys: [this.#keys.idempotency(key)],
        arguments: [fingerprint, String(now + ttlMs), JSON.stringify(response), String(physicalTtlMs(ttlMs))],
      }),
    );
  }

  async abandon(key: string): Promise<void> {
    await this.#redis.run("idempotency.abandon", (client) => client.del(this.#keys.idempotency(key)));
  }
}
