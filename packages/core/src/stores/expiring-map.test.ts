import { describe, expect, it } from "vitest";
import { ExpiringMap } from "./expiring-map.ts";

describe("the in-process stores' expiring map", () => {
  it("keeps at most maxEntries: the entry written first goes first, live or not", () => {
    const map = new ExpiringMap<number>({ maxEntries: 3 });
    for (let i = 1; i <= 5; i++) map.set(`k${i}`, i, 1_000_000, 0);
    expect(["k1", "k2", "k3", "k4", "k5"].map((k) => map.get(k, 1))).toEqual([undefined, undefined, 3, 4, 5]);
  });

  it("counts a rewrite as the newest write: a key written again outlives keys written since its first write", () => {
    const map = new ExpiringMap<number>({ maxEntries: 3 });
    map.set("caller", 1, 1_000_000, 0);
    map.set("k2", 2, 1_000_000, 0);
    map.set("k3", 3, 1_000_000, 0);
    map.set("caller", 10, 1_000_000, 0); // e.g. a claim completed: the caller's dedup entry is fresh
    map.set("k4", 4, 1_000_000, 0);
    expect(["caller", "k2", "k3", "k4"].map((k) => map.get(k, 1))).toEqual([10, undefined, 3, 4]);
  });

  it("reads an entry whose expiry has passed as absent", () => {
    const map = new ExpiringMap<string>();
    map.set("a", "x", 100, 0);
    expect(map.get("a", 99)).toBe("x");
    expect(map.get("a", 100)).toBeUndefined();
  });
});
