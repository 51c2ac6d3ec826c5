import { describe, expect, it } from "vitest";
import { runStoreContract } from "../testing/store-contract.ts";
import { DEFAULT_MAX_ENTRIES, ExpiringMap } from "./expiring-map.ts";
import { createMemoryStores } from "./memory-stores.ts";

runStoreContract("memory", async () => ({ stores: createMemoryStores() }));

describe("createMemoryStores: bounded maps", () => {
  const HOUR = 3_600_000;
  const ticket = { id: "1", displayId: "1", url: "" };
  /** Marks `count` distinct handoff ids as seen; then asks again for the first and the last. */
  async function seenAfter(stores: ReturnType<typeof createMemoryStores>, count: number) {
    for (let i = 0; i < count; i++) await stores.replay.firstSeen({ key: `h${i}`, ttlMs: HOUR, now: 1000 });
    const first = await stores.replay.firstSeen({ key: "h0", ttlMs: HOUR, now: 1001 });
    const last = await stores.replay.firstSeen({ key: `h${count - 1}`, ttlMs: HOUR, now: 1001 });
    return { firstForgotten: first, lastForgotten: last };
  }

  it(`keeps ${DEFAULT_MAX_ENTRIES} keys of a kind by default, forgetting the one written first past that`, async () => {
    expect(DEFAULT_MAX_ENTRIES).toBe(10_000);
    expect(await seenAfter(createMemoryStores(), DEFAULT_MAX_ENTRIES)).toEqual({
      firstForgotten: false,
      lastForgotten: false,
    });
    expect(await seenAfter(createMemoryStores(), DEFAULT_MAX_ENTRIES + 1)).toEqual({
      firstForgotten: true,
      lastForgotten: false,
    });
  });

  it("takes another bound for every map and the outbox's delivered records (maxEntries)", async () => {
    const stores = createMemoryStores({ maxEntries: 3 });
    expect(await seenAfter(stores, 4)).toEqual({ firstForgotten: true, lastForgotten: false });

    const begin = (key: string) =>
      stores.idempotency.begin({ key, fingerprint: "f", leaseMs: HOUR, now: 1000 });
    for (const key of ["a", "b", "c", "d"]) expect((await begin(key)).kind).toBe("started");
    expect((await begin("a")).kind).toBe("started");
    expect((await begin("d")).kind).toBe("in_flight");

    for (const key of ["k0", "k1", "k2", "k3"])
      expect(await stores.dedup.record({ key, ticket, ttlMs: HOUR, now: 1000 })).toBe(true);
    expect(await stores.dedup.get("k0", 1001)).toBeUndefined();
    expect(await stores.dedup.get("k3", 1001)).toMatchObject({ state: "ticket" });

    const hit = (key: string) => stores.rateLimiter.hit({ key, limit: 1, windowMs: HOUR, now: 1000 });
    for (const key of ["r0", "r1", "r2", "r3"]) expect((await hit(key)).allowed).toBe(true);
    expect((await hit("r3")).allowed).toBe(false);
    expect((await hit("r0")).allowed).toBe(true); // its window's count was forgotten

    for (let i = 0; i < 4; i++) {
      const reference = `NOTE-${i}`;
      await stores.outbox.enqueue({
        entry: { reference, handoffId: reference, handoff: {} as never, reason: "test", queuedAt: 1000 },
        availableAt: 1000,
      });
      await stores.outbox.markDelivered({
        reference,
        ticket,
        created: false,
        followUpsDone: 0,
        ttlMs: HOUR,
        now: 1000,
      });
    }
    expect(await stores.outbox.lookup("NOTE-0")).toBeUndefined();
    expect((await stores.outbox.lookup("NOTE-3"))?.state).toBe("delivered");
  });

  it("refuses a bound that is not a whole number of at least 1", () => {
    for (const maxEntries of [0, -1, 2.5, Number.NaN]) {
      expect(() => createMemoryStores({ maxEntries })).toThrow(
        /maxEntries must be a whole number of at least 1/,
      );
      expect(() => new ExpiringMap({ maxEntries })).toThrow(/maxEntries/);
    }
  });
});
