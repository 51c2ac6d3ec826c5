import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../testing/seeded-random.ts";
import { ExpiringMap } from "./expiring-map.ts";

const MODULE = fileURLToPath(new URL("./expiring-map.ts", import.meta.url));

/**
 * The heap an `ExpiringMap` of `count` live entries holds per entry beyond a plain `Map` of the same
 * keys (its own index), in a fresh Node process. Keys are made (and the value shared) before either
 * map, so only what a map adds for an entry counts; both maps are measured alike, so the engine's
 * own per-entry cost (which moves with the table's size) cancels out.
 */
function heapBytesPerEntryBeyondMap(count: number): number {
  const script = `
    const { ExpiringMap } = await import(${JSON.stringify(MODULE)});
    const keys = Array.from({ length: ${count} }, (_, i) => "caller:+1415" + String(i).padStart(7, "0") + ":WiFi");
    const value = { state: "ticket" };
    const heapAfter = (build) => {
      globalThis.gc(); globalThis.gc();
      const before = process.memoryUsage().heapUsed;
      const kept = build();
      globalThis.gc(); globalThis.gc();
      const used = process.memoryUsage().heapUsed - before;
      return { kept, used };
    };
    const now = Date.now();
    const plain = heapAfter(() => {
      const map = new Map();
      for (const [i, key] of keys.entries()) map.set(key, i);
      return map;
    });
    const expiring = heapAfter(() => {
      const map = new ExpiringMap({ maxEntries: ${count} });
      for (const key of keys) map.set(key, value, now + 300000, now);
      return map;
    });
    if (plain.kept.size !== ${count} || expiring.kept.size !== ${count}) throw new Error("maps lost entries");
    process.stdout.write(String((expiring.used - plain.used) / ${count}));
  `;
  const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(Number.isFinite(Number.parseFloat(run.stdout))).toBe(true);
  return Number(run.stdout);
}

/**
 * Allocations of 16 KB or more (how many), by V8's sampling heap profiler with collected objects
 * counted, while a map at its cap (10 000) rewrites its own keys 110 000 times, in a fresh Node
 * process: about ten compactions, and no new key for the Map's own table to make room for. One
 * 80 KB array allocated in the same window shows the profiler sees such allocations.
 */
function largeAllocationsAtCap(): number {
  const script = `
    import { Session } from "node:inspector/promises";
    const { ExpiringMap } = await import(${JSON.stringify(MODULE)});
    const map = new ExpiringMap({ maxEntries: 10000 });
    const keys = Array.from({ length: 10000 }, (_, i) => "k" + i);
    const now = Date.now();
    const value = {};
    let n = 0;
    const write = (count) => { for (let i = 0; i < count; i++) map.set(keys[n++ % 10000], value, now + 300000, now); };
    write(60000);
    const session = new Session();
    session.connect();
    await session.post("HeapProfiler.enable");
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
    });
    write(110000);
    globalThis.control = new Array(10000).fill(0);
    const { profile } = await session.post("HeapProfiler.stopSampling");
    if (map.size !== 10000) throw new Error("the map lost keys");
    process.stdout.write(String(profile.samples.filter((s) => s.size >= 16384).length));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^\d+$/);
  return Number(run.stdout);
}

/**
 * How much the heap grew (bytes, after full collections) while a map took 500 000 more writes of
 * entries that expire before the next write, in a fresh Node process: what a map whose keys never
 * outlive the next write keeps.
 */
function heapGrowthOverExpiringWrites(): number {
  const script = `
    const { ExpiringMap } = await import(${JSON.stringify(MODULE)});
    const map = new ExpiringMap({ maxEntries: 10000 });
    let now = Date.now();
    let n = 0;
    const write = (count) => { for (let i = 0; i < count; i++) { now += 2; map.set("k" + ++n, n, now + 1, now); } };
    write(50000);
    globalThis.gc(); globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    write(500000);
    globalThis.gc(); globalThis.gc();
    process.stdout.write(String(process.memoryUsage().heapUsed - before));
  `;
  const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^-?\d+$/);
  return Number(run.stdout);
}

describe("the in-process stores' expiring map", () => {
  it("adds no object of its own per entry: under 55 bytes an entry beyond a plain Map's (28–34; an object and a boxed expiry each made it 87)", () => {
    for (const count of [16_500, 20_000]) {
      const beyond = heapBytesPerEntryBeyondMap(count);
      expect(beyond).toBeGreaterThan(0);
      expect(beyond).toBeLessThan(55);
    }
  });

  it("compacts in place: at the cap, writing allocates no new queue arrays (170–260 KB each, three per compaction before)", () => {
    // Only the control array: new queue arrays at each compaction made 181 such allocations here.
    expect(largeAllocationsAtCap()).toBe(1);
  });

  it("keeps its queue bounded when every entry expires before the next write (the arrays do not grow)", () => {
    // 500 000 positions of three arrays would be ≈ 12 MB.
    expect(heapGrowthOverExpiringWrites()).toBeLessThan(1024 * 1024);
  });

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

  it("over a long run of writes, rewrites and deletes, keeps exactly the most recently written keys, with their values and expiries", () => {
    const max = 5;
    const keys = Array.from({ length: 12 }, (_, k) => `k${k}`);
    const map = new ExpiringMap<number>({ maxEntries: max });
    let model: string[] = []; // the keys it should hold, least recently written first
    const written = new Map<string, number>(); // each key's last value, which is also its expiry
    const random = seededRandom(7);
    const drift: string[] = [];
    // 20 000 steps: the queue (12 keys, 5 kept) is compacted about every 1 000 writes.
    for (let step = 0; step < 20_000 && drift.length === 0; step++) {
      const key = keys[random(keys.length)] as string;
      if (random(10) === 0) {
        map.delete(key);
        model = model.filter((k) => k !== key);
      } else {
        const expiry = 1_000_000 + step;
        map.set(key, expiry, expiry, 0);
        written.set(key, expiry);
        model = [...model.filter((k) => k !== key), key].slice(-max);
      }
      const kept = keys.filter((k) => map.get(k, 1) !== undefined);
      const expected = [...model].sort((a, b) => keys.indexOf(a) - keys.indexOf(b));
      if (kept.join() !== expected.join())
        drift.push(`step ${step}: kept ${kept.join()}, expected ${model.join()}`);
      for (const k of kept)
        if (map.get(k, 1) !== written.get(k))
          drift.push(`step ${step}: ${k} read ${map.get(k, 1)}, written ${written.get(k)}`);
      // Now and then the oldest kept key must still expire at its own expiry, not a moved
      // neighbour's; reading it at its expiry drops it.
      const oldest = model[0];
      if (step % 7 === 0 && oldest !== undefined) {
        const expiry = written.get(oldest) as number;
        const read = [map.get(oldest, expiry - 1), map.get(oldest, expiry)];
        if (read[0] !== expiry || read[1] !== undefined)
          drift.push(`step ${step}: ${oldest} read ${read.join()} around its expiry ${expiry}`);
        model = model.slice(1);
      }
    }
    expect(drift).toEqual([]);
  });

  it("drops expired entries as new ones are written, well before the cap", () => {
    const map = new ExpiringMap<number>({ maxEntries: 1000 });
    for (let i = 0; i < 100; i++) map.set(`old${i}`, i, 100, i); // all expire at t=100
    for (let i = 0; i < 100; i++) map.set(`new${i}`, i, 10_000, 200 + i);
    expect(map.size).toBe(100);
    expect(map.get("new0", 300)).toBe(0);
    // An entry that outlives those written after it holds them until it expires; they read as absent.
    map.set("long", 1, 50_000, 300);
    for (let i = 0; i < 100; i++) map.set(`short${i}`, i, 400, 300);
    for (let i = 0; i < 30; i++) map.set(`later${i}`, i, 50_000, 20_000 + i);
    expect(map.size).toBe(131);
    expect(map.get("short5", 20_000)).toBeUndefined();
  });

  it("reads an entry whose expiry has passed as absent", () => {
    const map = new ExpiringMap<string>();
    map.set("a", "x", 100, 0);
    expect(map.get("a", 99)).toBe("x");
    expect(map.get("a", 100)).toBeUndefined();
  });
});
