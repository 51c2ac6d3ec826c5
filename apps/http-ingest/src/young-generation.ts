import { lastNumericFlag } from "./node-flags.ts";

/**
 * The size, in MB, of each of V8's two semi-spaces (the young generation, where new objects are
 * allocated) that every launcher we ship fixes: `pnpm start`, the Docker image and the systemd
 * unit (`young-generation.test.ts` and `test/deploy` check each of them), and the bench's servers.
 */
export const SEMI_SPACE_MB = 16;

/**
 * The Node flags that fix it. Why (docs/deployment.md, "GC pauses"; bench/README.md): by default
 * V8 starts the young generation at 1 MB and doubles it under load, up to 64 MB on Node 24, and
 * each step commits fresh memory inside a collection's pause: 8–32 ms per step at 500 handoffs a
 * second on the bench's VM, where a first write to a fresh page costs ≈ 11 µs. Fixed at 16 MB there
 * is no resizing; in 60 s `--trace-gc-nvp` runs of the memory store the longest young collection
 * after warm-up went from 21–39 ms to 9–13 ms, young collections came 3.8 times as often and took
 * 10–15% more time in all, the process's CPU was no higher, and it kept ≈ 250 MB resident, not 320.
 *
 * V8 sizes the young generation when the process starts, so these must be on Node's command line:
 * `v8.setFlagsFromString` after start-up does not resize it, and `NODE_OPTIONS` refuses
 * `--min-semi-space-size` (Node will not start).
 */
export const YOUNG_GENERATION_FLAGS: readonly string[] = [
  `--min-semi-space-size=${SEMI_SPACE_MB}`,
  `--max-semi-space-size=${SEMI_SPACE_MB}`,
];

/**
 * The fixed semi-space size (MB) Node was started with, or `undefined` when the young generation
 * may grow and shrink: a minimum and a maximum on the command line (the last of each, as V8 reads
 * them), equal and above 0.
 */
export function fixedSemiSpaceMb(execArgv: readonly string[] = process.execArgv): number | undefined {
  const min = lastNumericFlag(execArgv, "min-semi-space-size");
  const max = lastNumericFlag(execArgv, "max-semi-space-size");
  return min !== undefined && min > 0 && min === max ? min : undefined;
}
