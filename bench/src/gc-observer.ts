/**
 * Loaded into a server under test with `--import` (never into the app itself): appends every GC pause
 * of at least 0.5 ms to `BENCH_GC_LOG`, flushed every 200 ms, so the bench can report the longest
 * pause within each phase and what it was. One line per pause (`gc-pauses.ts` reads it):
 * "<epoch ms> <duration ms> <kind> <memory reducer 0|1> <heap used after, MB>".
 */
import { appendFile } from "node:fs";
import { constants, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

const file = process.env.BENCH_GC_LOG;
if (file) {
  let pending = "";
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration < 0.5) continue;
      const detail = (entry as PerformanceEntry & { detail?: { kind?: number; flags?: number } }).detail;
      const kind = KINDS[detail?.kind ?? -1] ?? "other";
      // V8's memory reducer starts its collections with the "all external memory" callback flag.
      const reducer = (detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY ? 1 : 0;
      const heapMb = Math.round(getHeapStatistics().used_heap_size / 1e6);
      pending += `${Math.round(performance.timeOrigin + entry.startTime)} ${entry.duration.toFixed(2)} ${kind} ${reducer} ${heapMb}\n`;
    }
  }).observe({ entryTypes: ["gc"] });
  setInterval(() => {
    if (!pending) return;
    const lines = pending;
    pending = "";
    appendFile(file, lines, () => undefined);
  }, 200).unref();
}
