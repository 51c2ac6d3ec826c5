import { generateTokenKey, type Stores } from "@ispn/core";
import { createClient } from "redis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping Redis key layout tests: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());
// the SDP token is shared through Redis only when sealed with a key every replica holds
const tokenKeys = { current: generateTokenKey() };

const ticket = { id: "t1", displayId: "0001", url: "https://helpdesk.test/t1" };
const response = { status: 201, body: { ticketId: "t1" } };
const WINDOW_MS = 4 * 3_600_000;

/** Every key under `prefix` with its remaining physical lifetime (PTTL; -1 means "for ever"). */
async function keysWithTtl(url: string, prefix: string): Promise<Map<string, number>> {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  try {
    const found = new Map<string, number>();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) {
      for (const key of keys) found.set(key.slice(prefix.length), await client.pTTL(key));
    }
    return found;
  } finally {
    client.destroy();
  }
}

/** One write through every store, at the caller's `now`. */
async function writeEverything(stores: Stores, now: number): Promise<void> {
  await stores.dedup.claim({
    keys: ["oa:OUT-1", "caller:+15551234567:WiFi"],
    claimId: "c",
    marker: "m-c",
    leaseMs: 30_000,
    now,
  });
  await stores.dedup.complete({
    keys: ["oa:OUT-1", "caller:+15551234567:WiFi"],
    claimId: "c",
    ticket,
    windowMs: WINDOW_MS,
    now,
  });
  await stores.dedup.claim({
    keys: ["caller:+15557654321:TV"],
    claimId: "d",
    marker: "m-d",
    leaseMs: 30_000,
    now,
  });
  await stores.idempotency.begin({ key: "idem-1", fingerprint: "f", leaseMs: 30_000, now });
  await stores.idempotency.begin({ key: "idem-2", fingerprint: "f", leaseMs: 30_000, now });
  await stores.idempotency.finish({ key: "idem-2", fingerprint: "f", response, ttlMs: 900_000, now });
  await stores.replay.firstSeen({ key: "sig", ttlMs: 300_000, now });
  await stores.rateLimiter.hit({ key: "client", limit: 10, windowMs: 60_000, now });
  await stores.tokenCache.set("sdp", { accessToken: "1000.x", expiresAt: now + 3_600_000 });
}

describe.skipIf(!env)("Redis key layout and physical TTLs", () => {
  let prefix: string;
  let stores: Stores;
  beforeEach(async () => {
    prefix = env!.freshPrefix();
    stores = await createRedisStores({ url: env!.url, keyPrefix: prefix, tokenKeys });
    return () => stores.close();
  });

  it("keeps every key under the configured prefix, one namespace per store", async () => {
    await writeEverything(stores, Date.now());
    let lockKeys: string[] = [];
    await stores.tokenCache.withLock("sdp", { ttlMs: 5000, waitMs: 0 }, async () => {
      lockKeys = [...(await keysWithTtl(env!.url, prefix)).keys()].filter((k) => k.startsWith("lock:"));
    });
    expect([...(await keysWithTtl(env!.url, prefix)).keys()].sort()).toEqual([
      "dedup:caller:+15551234567:WiFi",
      "dedup:caller:+15557654321:TV",
      "dedup:oa:OUT-1",
      "idem:idem-1",
      "idem:idem-2",
      "rl:client",
      "seen:sig",
      "token:sdp",
    ]);
    expect(lockKeys).toEqual(["lock:sdp"]);
  });

  // a fake clock far behind or ahead of real time must neither make keys immortal nor drop them early
  for (const [clock, now] of [
    ["behind", 1_000],
    ["ahead", 4_000_000_000_000],
    ["real", Date.now()],
  ] as const) {
    it(`gives every key a physical TTL no shorter than its logical life (caller clock ${clock} of real time)`, async () => {
      await writeEverything(stores, now);
      const ttls = await keysWithTtl(env!.url, prefix);
      expect(ttls.size).toBe(8);
      for (const [key, ttl] of ttls) expect({ key, ttl: ttl > 0 }).toEqual({ key, ttl: true });
      expect(ttls.get("dedup:oa:OUT-1")).toBeGreaterThanOrEqual(WINDOW_MS);
      expect(ttls.get("dedup:caller:+15557654321:TV")).toBeGreaterThanOrEqual(30_000);
      expect(ttls.get("idem:idem-2")).toBeGreaterThanOrEqual(900_000);
      expect(ttls.get("seen:sig")).toBeGreaterThanOrEqual(300_000);
    });
  }

  it("gives the refresh lock the holder's ttl and removes it when the holder is done", async () => {
    let lockTtl = 0;
    await stores.tokenCache.withLock("sdp", { ttlMs: 5000, waitMs: 0 }, async () => {
      lockTtl = (await keysWithTtl(env!.url, prefix)).get("lock:sdp") ?? 0;
    });
    expect(lockTtl).toBeGreaterThan(0);
    expect(lockTtl).toBeLessThanOrEqual(5000);
    expect((await keysWithTtl(env!.url, prefix)).has("lock:sdp")).toBe(false);
  });
});
