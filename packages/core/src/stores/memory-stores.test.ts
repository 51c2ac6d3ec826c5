import { describe, expect, it } from "vitest";
import { runStoreContract } from "../testing/store-contract.ts";
import { DEFAULT_MAX_ENTRIES } from "./expiring-map.ts";
import { createMemoryStores } from "./memory-stores.ts";

runStoreContract("memory", async () => ({ stores: createMemoryStores() }));

describe("createMemoryStores: bounded maps", () => {
  const HOUR = 3_600_000;
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

  it("takes another bound for every map (maxEntries)", async () => {
    const stores = createMemoryStores({ maxEntries: 3 });
    expect(await seenAfter(stores, 4)).toEqual({ firstForgotten: true, lastForgotten: false });
    const begin = (key: string) =>
      stores.idempotency.begin({ key, fingerprint: "f", leaseMs: HOUR, now: 1000 });
    for (const key of ["a", "b", "c", "d"]) expect((await begin(key)).kind).toBe("started");
    expect((await begin("a")).kind).toBe("started");
    expect((await begin("d")).kind).toBe("in_flight");
  });
});
