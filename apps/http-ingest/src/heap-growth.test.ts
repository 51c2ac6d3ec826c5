import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { applyHeapGrowth } from "./heap-growth.ts";

const MODULE = fileURLToPath(new URL("./heap-growth.ts", import.meta.url));

/**
 * Runs `applyHeapGrowth(percent)` in a fresh Node process after start-up, as serve.ts does, then
 * makes V8 set a new old-generation limit (a full collection) with its limit computation traced.
 * Returns the growing factor V8 printed: the factor it really used, not what we asked for.
 */
function factorAfterStart(percent: number, nodeFlags: string[] = []): { applied: string; factor: string } {
  const script = `
    import { setFlagsFromString } from "node:v8";
    const { applyHeapGrowth } = await import(${JSON.stringify(MODULE)});
    const applied = applyHeapGrowth(${percent});
    setFlagsFromString("--trace-gc-verbose");
    const kept = [];
    for (let i = 0; i < 100000; i++) kept.push({ i, s: "v" + i });
    globalThis.gc();
    process.stdout.write("applied " + applied + "\\n");
  `;
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", ...nodeFlags, "--input-type=module", "-e", script],
    {
      encoding: "utf8",
      timeout: 20_000,
    },
  );
  expect(run.status, run.stderr).toBe(0);
  const factor = /\[HeapController\] factor (\d+\.\d)/.exec(run.stdout)?.[1];
  const applied = /^applied (.*)$/m.exec(run.stdout)?.[1];
  if (!factor || !applied) throw new Error(`no factor or applied line in:\n${run.stdout}`);
  return { applied, factor };
}

describe("applyHeapGrowth", () => {
  it("sets the factor V8 grows the heap by, after start-up (no launcher flag needed)", () => {
    expect(factorAfterStart(100)).toEqual({ applied: "100", factor: "2.0" });
    expect(factorAfterStart(50)).toEqual({ applied: "50", factor: "1.5" });
  });

  it("with 0 leaves V8's own factor: sets no flag", () => {
    const setFlags = vi.fn();
    expect(applyHeapGrowth(0, [], setFlags)).toBeUndefined();
    expect(setFlags).not.toHaveBeenCalled();
    expect(applyHeapGrowth(100, [], setFlags)).toBe(100);
    expect(setFlags).toHaveBeenCalledWith("--heap-growing-percent=100");
  });

  it("lets a --heap-growing-percent on Node's command line win", () => {
    expect(factorAfterStart(100, ["--heap-growing-percent=30"])).toEqual({ applied: "30", factor: "1.3" });
  });

  it("reads the command line as V8 does: any spelling of the name, the last value given", () => {
    const setFlags = vi.fn();
    expect(applyHeapGrowth(100, ["--heap_growing-percent=25"], setFlags)).toBe(25);
    expect(applyHeapGrowth(100, ["--heap-growing-percent=30", "-heap_growing_percent=40"], setFlags)).toBe(
      40,
    );
    expect(applyHeapGrowth(100, ["--heap-growing-percent=0"], setFlags)).toBeUndefined();
    expect(applyHeapGrowth(100, ["--max-old-space-size=512"], setFlags)).toBe(100);
    expect(setFlags).toHaveBeenCalledTimes(1);
  });
});
