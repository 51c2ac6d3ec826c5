import { setFlagsFromString } from "node:v8";
import { lastNumericFlag } from "./node-flags.ts";

/** The V8 flag this sets. V8 reads `-` and `_` alike in a flag's name, and one leading dash or two. */
const FLAG_NAME = "heap-growing-percent";

/**
 * Sets the factor V8 grows the old generation by after a full collection to `1 + percent / 100`
 * (`HEAP_GROWTH_PERCENT`, 100 by default: twice what the collection kept). This replaces V8's own
 * factor, which under a fast allocator on a machine with memory to spare is 4× (1.3–2× where the
 * heap limit is small). 0 leaves V8's own factor.
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
 * and `main.test.ts` check that. A `--heap-growing-percent=N` on Node's command line wins over this
 * (the last one given, as V8 reads them).
 *
 * @returns the percent in force from now on, or `undefined` when V8 keeps its own factor.
 */
export function applyHeapGrowth(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): number | undefined {
  const given = lastNumericFlag(execArgv, FLAG_NAME);
  if (given !== undefined) return given > 0 ? given : undefined;
  if (!(percent > 0)) return undefined;
  const whole = Math.round(percent);
  setFlags(`--${FLAG_NAME}=${whole}`);
  return whole;
}
