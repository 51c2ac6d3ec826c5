import type { Stores } from "@ispn/core";
import { generateTokenKey, isStoreError } from "@ispn/core";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis({ own: true });
if ("skip" in redis) console.warn(`Skipping Redis outage tests: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());
const tokenKeys = { current: generateTokenKey() };

const T0 = 1_900_000_000_000;
/** Far beyond every timeout configured below: reaching it means the operation hung. */
const HANG_MS = 10_000;

/** How an operation ended, or "hung" when it did not settle in HANG_MS. */
async function outcome(operation: Promise<unknown>): Promise<"ok" | "store_error" | "other_error" | "hung"> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), HANG_MS);
  });
  const settled = operation.then(
    () => "ok" as const,
    (error: unknown) => (isStoreError(error) ? ("store_error" as const) : ("other_error" as const)),
  );
  return Promise.race([settled, hung]).finally(() => clearTimeout(timer));
}

/** One call of every store operation. */
const everyOperation = (stores: Stores) => [
  stores.dedup.claim({ keys: ["k"], claimId: "c", marker: "m-c", leaseMs: 30_000, now: T0 }),
  stores.dedup.get("k", T0),
  stores.idempotency.begin({ key: "i", fingerprint: "f", leaseMs: 30_000, now: T0 }),
  stores.replay.firstSeen({ key: "sig", ttlMs: 1000, now: T0 }),
  stores.rateLimiter.hit({ key: "client", limit: 5, windowMs: 1000, now: T0 }),
  stores.tokenCache.get("sdp"),
  stores.tokenCache.withLock("sdp", { ttlMs: 1000, waitMs: 1000 }, async () => "ran"),
];

async function untilHealthy(stores: Stores): Promise<void> {
  for (let i = 0; i < 200 && !(await stores.health()).ok; i++) await new Promise((r) => setTimeout(r, 50));
}

describe.skipIf(!env)("Redis outage", () => {
  it("fails fast with StoreError while Redis is down, and recovers on the same stores when it returns", async () => {
    const logged: string[] = [];
    const record = (level: string) => (_fields: Record<string, unknown>, message?: string) => {
      logged.push(`${level}: ${message}`);
    };
    const logger = {
      debug: record("debug"),
      info: record("info"),
      warn: record("warn"),
      error: record("error"),
    };
    const stores = await createRedisStores({
      url: env!.url,
      tokenKeys,
      keyPrefix: env!.freshPrefix(),
      commandTimeoutMs: 500,
      logger,
    });
    expect(
      await stores.dedup.claim({ keys: ["k"], claimId: "c", marker: "m-c", leaseMs: 30_000, now: T0 }),
    ).toEqual({
      kind: "claimed",
      abandoned: [],
    });

    await env!.stop();
    const down = await Promise.all(everyOperation(stores).map(outcome));
    expect(down).toEqual(Array(down.length).fill("store_error"));
    const health = await stores.health();
    expect(health).toMatchObject({ ok: false, kind: "redis" });
    expect(health.detail).toBeTruthy();

    await env!.restart();
    await untilHealthy(stores);
    expect(await stores.health()).toEqual({ ok: true, kind: "redis" });
    // the restarted server kept nothing (no persistence): the same stores object claims afresh
    expect(
      await stores.dedup.claim({ keys: ["k"], claimId: "c2", marker: "m-c2", leaseMs: 30_000, now: T0 }),
    ).toEqual({
      kind: "claimed",
      abandoned: [],
    });
    expect(await Promise.all(everyOperation(stores).map(outcome))).not.toContain("store_error");
    expect(logged).toEqual([
      "warn: Redis connection lost; store operations fail until it reconnects",
      "info: Redis connection restored",
    ]);
    await stores.close();
  });

  it("fails with StoreError instead of hanging when Redis stops answering", async () => {
    const stores = await createRedisStores({
      url: env!.url,
      tokenKeys,
      keyPrefix: env!.freshPrefix(),
      commandTimeoutMs: 300,
    });
    env!.pause();
    try {
      expect(await outcome(stores.replay.firstSeen({ key: "sig", ttlMs: 1000, now: T0 }))).toBe(
        "store_error",
      );
      expect((await stores.health()).ok).toBe(false);
    } finally {
      env!.resume();
    }
    await untilHealthy(stores);
    expect(await stores.replay.firstSeen({ key: "sig2", ttlMs: 1000, now: T0 })).toBe(true);
    await stores.close();
  });

  it("refuses to start with StoreError when Redis is unreachable, without hanging", async () => {
    await env!.stop();
    try {
      const starting = createRedisStores({ url: env!.url, connectTimeoutMs: 300 });
      expect(await outcome(starting)).toBe("store_error");
      await expect(starting).rejects.toThrow(`redis://127.0.0.1:${env!.port}`);
    } finally {
      await env!.restart();
    }
  });

  it("never puts the password of the URL in its errors", async () => {
    await env!.stop();
    try {
      const url = `redis://user:s3cret-pw@127.0.0.1:${env!.port}`;
      const error = await createRedisStores({ url, connectTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(isStoreError(error)).toBe(true);
      expect((error as Error).message).not.toContain("s3cret-pw");
    } finally {
      await env!.restart();
    }
  });

  it("rejects an invalid URL with StoreError", async () => {
    await expect(createRedisStores({ url: "http://not-redis" })).rejects.toSatisfy(isStoreError);
  });

  it("closes cleanly: close() twice is fine, operations after close fail with StoreError", async () => {
    const stores = await createRedisStores({ url: env!.url, keyPrefix: env!.freshPrefix() });
    await stores.close();
    await stores.close();
    expect(await outcome(stores.dedup.get("k", T0))).toBe("store_error");
    expect((await stores.health()).ok).toBe(false);
  });
});
