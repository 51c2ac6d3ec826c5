import { generateTokenKey, type Stores } from "@ispn/core";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRedisStores } from "./redis-stores.ts";
import { startTestRedis } from "./testing/index.ts";

const redis = await startTestRedis();
if ("skip" in redis) console.warn(`Skipping Redis cross-instance tests: ${redis.skip}`);
const env = "skip" in redis ? undefined : redis;
afterAll(() => env?.stop());
// the SDP token is shared through Redis only when sealed with a key every replica holds
const tokenKeys = { current: generateTokenKey() };

const T0 = 1_900_000_000_000;
const ticket = { id: "t1", displayId: "0001", url: "https://helpdesk.test/t1" };

describe.skipIf(!env)("two replicas sharing one Redis (separate connections, one prefix)", () => {
  let a: Stores;
  let b: Stores;
  beforeEach(async () => {
    const keyPrefix = env!.freshPrefix();
    a = await createRedisStores({ url: env!.url, keyPrefix, tokenKeys });
    b = await createRedisStores({ url: env!.url, keyPrefix, tokenKeys });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it("grants exactly one of 100 concurrent multi-key claims, and the winner holds all its keys", async () => {
    const claims = Array.from({ length: 50 }, (_, i) => [
      a.dedup.claim({
        keys: ["oa:OUT-1", `caller:a${i}`],
        claimId: `a${i}`,
        marker: `m-a${i}`,
        leaseMs: 30_000,
        now: T0,
      }),
      b.dedup.claim({
        keys: ["oa:OUT-1", `caller:b${i}`],
        claimId: `b${i}`,
        marker: `m-b${i}`,
        leaseMs: 30_000,
        now: T0,
      }),
    ]).flat();
    const outcomes = await Promise.all(claims);
    expect(outcomes.filter((o) => o.kind === "claimed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "pending")).toHaveLength(99);

    const winner = outcomes.findIndex((o) => o.kind === "claimed");
    const claimId = `${winner % 2 === 0 ? "a" : "b"}${Math.floor(winner / 2)}`;
    expect(await b.dedup.get("oa:OUT-1", T0)).toMatchObject({ state: "pending", claimId });
    expect(await a.dedup.get(`caller:${claimId}`, T0)).toMatchObject({ state: "pending", claimId });
    // all or none: no loser left a claim on its own caller key
    const loser = claimId === "a0" ? "b0" : "a0";
    expect(await a.dedup.get(`caller:${loser}`, T0)).toBeUndefined();
  });

  it("marks a handoff seen with its claim in one step: of 100 concurrent claims on two replicas, the one that saw it first claimed", async () => {
    const claim = (stores: Stores, id: string) =>
      stores.dedup.claim({
        keys: ["oa:OUT-2", `caller:${id}`],
        claimId: id,
        marker: "m-one-handoff",
        leaseMs: 30_000,
        now: T0,
        seen: { key: "handoff:m-one-handoff", ttlMs: 60_000 },
      });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => [claim(a, `a${i}`), claim(b, `b${i}`)]).flat(),
    );
    expect(outcomes.filter((o) => o.firstSeen === true)).toHaveLength(1);
    expect(outcomes.filter((o) => o.firstSeen === false)).toHaveLength(99);
    expect(outcomes.find((o) => o.firstSeen)?.kind).toBe("claimed");
    // the mark is the replay guard's own record, on either replica
    expect(await b.replay.firstSeen({ key: "handoff:m-one-handoff", ttlMs: 60_000, now: T0 })).toBe(false);
  });

  it("hands a ticket completed on one replica to a claim on the other", async () => {
    await a.dedup.claim({ keys: ["k"], claimId: "a", marker: "m-a", leaseMs: 30_000, now: T0 });
    await a.dedup.complete({ keys: ["k"], claimId: "a", ticket, windowMs: 60_000, now: T0 });
    expect(
      await b.dedup.claim({ keys: ["k"], claimId: "b", marker: "m-b", leaseMs: 30_000, now: T0 + 1 }),
    ).toEqual({
      kind: "hit",
      key: "k",
      ticket,
    });
  });

  it("shares Idempotency-Keys and rate-limit counters", async () => {
    await a.idempotency.begin({ key: "idem", fingerprint: "f", leaseMs: 30_000, now: T0 });
    expect(await b.idempotency.begin({ key: "idem", fingerprint: "f", leaseMs: 30_000, now: T0 })).toEqual({
      kind: "in_flight",
    });
    await a.rateLimiter.hit({ key: "client", limit: 2, windowMs: 60_000, now: T0 });
    await b.rateLimiter.hit({ key: "client", limit: 2, windowMs: 60_000, now: T0 });
    expect((await a.rateLimiter.hit({ key: "client", limit: 2, windowMs: 60_000, now: T0 })).allowed).toBe(
      false,
    );
  });

  it("shares the SDP token: set by one replica, read and deleted by the other", async () => {
    const token = { accessToken: "1000.shared", expiresAt: Date.now() + 3_600_000 };
    await a.tokenCache.set("sdp", token);
    expect(await b.tokenCache.get("sdp")).toEqual(token);
    await b.tokenCache.delete("sdp");
    expect(await a.tokenCache.get("sdp")).toBeUndefined();
  });

  it("lets one replica at a time hold the refresh lock", async () => {
    let inside = 0;
    let most = 0;
    const refresh = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 10));
      inside--;
      return "refreshed";
    };
    const runs = Array.from({ length: 4 }, () => [a, b])
      .flat()
      .map((stores) => stores.tokenCache.withLock("sdp", { ttlMs: 5000, waitMs: 10_000 }, refresh));
    expect(await Promise.all(runs)).toEqual(Array(8).fill("refreshed"));
    expect(most).toBe(1);
  });

  it("makes the other replica give up after waitMs while one holds the lock", async () => {
    let release!: () => void;
    const held = a.tokenCache.withLock(
      "sdp",
      { ttlMs: 10_000, waitMs: 1000 },
      () => new Promise<void>((r) => (release = r)),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(
      await b.tokenCache.withLock("sdp", { ttlMs: 5000, waitMs: 50 }, async () => "ran"),
    ).toBeUndefined();
    release();
    await held;
    expect(await b.tokenCache.withLock("sdp", { ttlMs: 5000, waitMs: 50 }, async () => "ran")).toBe("ran");
  });

  it("lets a crashed holder's lock expire after ttlMs", async () => {
    // a holder that never returns (a crashed replica) keeps the lock only for its ttl
    void a.tokenCache.withLock("sdp", { ttlMs: 100, waitMs: 0 }, () => new Promise(() => {}));
    await new Promise((r) => setTimeout(r, 20));
    expect(await b.tokenCache.withLock("sdp", { ttlMs: 5000, waitMs: 5000 }, async () => "ran")).toBe("ran");
  });
});
