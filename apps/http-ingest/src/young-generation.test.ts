import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixedSemiSpaceMb, SEMI_SPACE_MB, YOUNG_GENERATION_FLAGS } from "./young-generation.ts";

const repoFile = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), "utf8");

/**
 * The young generation's capacity after each young collection, as V8 traces it, in a Node started
 * with `flags` that allocates 200 MB, keeping one object in fifty.
 */
function newSpaceCapacities(flags: readonly string[]): Set<number> {
  const script = `
    const kept = [];
    for (let i = 0; i < 4e6; i++) { const o = { i, s: "v" + i }; if (i % 50 === 0) kept.push(o); }
  `;
  const run = spawnSync(process.execPath, [...flags, "--trace-gc-nvp", "-e", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const capacities = [...run.stdout.matchAll(/gc=s .*?new_space_capacity=(\d+)/g)].map((m) => Number(m[1]));
  expect(capacities.length).toBeGreaterThan(10);
  return new Set(capacities);
}

describe("the young generation", () => {
  it("stays at 16 MB under allocation with the launchers' flags, where by default it grows", () => {
    expect(newSpaceCapacities(YOUNG_GENERATION_FLAGS)).toEqual(new Set([SEMI_SPACE_MB * 1024 * 1024]));
    expect(newSpaceCapacities([]).size).toBeGreaterThan(2);
  });

  it("is fixed by `pnpm start` (the Docker image and the systemd unit: test/deploy)", () => {
    const start =
      (JSON.parse(repoFile("package.json")) as { scripts: Record<string, string> }).scripts.start ?? "";
    const words = start.split(/\s+/);
    expect(words.slice(0, 1 + 1 + YOUNG_GENERATION_FLAGS.length)).toEqual([
      "node",
      "--conditions=@ispn/source",
      ...YOUNG_GENERATION_FLAGS,
    ]);
  });
});

describe("fixedSemiSpaceMb", () => {
  it("reads the size from Node's command line as V8 does: any spelling, the last value of each", () => {
    expect(fixedSemiSpaceMb([...YOUNG_GENERATION_FLAGS])).toBe(16);
    expect(fixedSemiSpaceMb(["--min_semi_space_size=8", "-max-semi-space-size=8"])).toBe(8);
    expect(
      fixedSemiSpaceMb(["--min-semi-space-size=8", "--max-semi-space-size=8", "--min-semi-space-size=4"]),
    ).toBe(undefined);
  });

  it("is undefined when the young generation can still resize", () => {
    expect(fixedSemiSpaceMb([])).toBeUndefined();
    expect(fixedSemiSpaceMb(["--max-semi-space-size=16"])).toBeUndefined();
    expect(fixedSemiSpaceMb(["--min-semi-space-size=4", "--max-semi-space-size=16"])).toBeUndefined();
    expect(fixedSemiSpaceMb(["--min-semi-space-size=0", "--max-semi-space-size=0"])).toBeUndefined();
  });
});
