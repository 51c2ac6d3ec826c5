import { setFlagsFromString } from "node:v8";

/** The V8 flag this sets, and its other spelling, which V8 accepts too. */
const FLAG = "--heap-growing-percent";
const SPELLINGS = [FLAG, "--heap_growing_percent"];

/**
 * Caps how far V8 lets the old generation grow past what the last full collection kept:
 * `1 + percent / 100` times it (`HEAP_GROWTH_PERCENT`, 100 by default: twice). 0 leaves V8's own
 * factor, which under a fast allocator grows to 4×.
 *
 * Why (bench/README.md, "GC pauses"): with V8's factor a server that ran a burst keeps a limit
 * hundreds of MB above what is live, so no regular full collection comes for minutes; V8's memory
 * reducer then starts one after 100 s that frees and unmaps all of it inside its pause (40–120 ms
 * measured on the memory store). With the limit at twice the live heap, regular incremental
 * collections come every few seconds to tens of seconds, each with little to free, and the process
 * never balloons in the first place.
 *
 * V8 reads this flag each time it sets a new limit (after every full collection), so setting it
 * here, before the server takes load, takes effect without a launcher flag; `heap-growth.test.ts`
 * checks that. A `--heap-growing-percent` given on Node's command line wins over this.
 *
 * @returns the percent in force from now on, or `undefined` when V8 keeps its own factor.
 */
export function applyHeapGrowth(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
): number | undefined {
  const given = givenOnCommandLine(execArgv);
  if (given !== undefined) return given > 0 ? given : undefined;
  if (percent <= 0) return undefined;
  setFlagsFromString(`${FLAG}=${Math.round(percent)}`);
  return Math.round(percent);
}

/** The percent given as `--heap-growing-percent=N` or `--heap-growing-percent N` (either spelling). */
function givenOnCommandLine(execArgv: readonly string[]): number | undefined {
  for (const [i, arg] of execArgv.entries()) {
    for (const spelling of SPELLINGS) {
      if (arg.startsWith(`${spelling}=`)) return Number(arg.slice(spelling.length + 1));
      if (arg === spelling) return Number(execArgv[i + 1]);
    }
  }
  return undefined;
}
