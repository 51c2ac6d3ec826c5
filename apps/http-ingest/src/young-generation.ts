import { lastNumericFlag } from "./node-flags.ts";

/**
 * The size, in MB, of each of V8's two semi-spaces (the young generation, where new objects are
 * allocated, is two of them plus room for new large objects) that the launchers we ship fix:
 * `pnpm start`, the Docker image and the systemd unit (`young-generation.test.ts` and `test/deploy`
 * check each of them), and the bench's servers. The package's `ispn-http-ingest` bin cannot carry
 * Node flags portably; started that way, the server logs which to add.
 */
export const SEMI_SPACE_MB = 16;

/**
 * The Node flags that fix it. Why (docs/deployment.md, "What to watch"; bench/README.md): by default
 * V8 starts the young generation at 1 MB and doubles it under load, up to 64 MB on Node 24, and
 * each step commits fresh memory inside a collection's pause: it added 8–32 ms to a scavenge at
 * 500 handoffs a second on one of the bench's VMs, where a first write to a fresh page cost
 * ≈ 11 µs. Fixed at 16 MB there is no resizing; in 60 s `--trace-gc-nvp` runs of the memory store
 * the longest scavenge after warm-up went from 23–39 ms to 9–13 ms, scavenges came 3.8 times as
 * often and took 8–20% more time in all, the process's CPU was no higher, and it kept 237–252 MB
 * resident, not 320–332 (bench/README.md, "What changed in the server last round").
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
