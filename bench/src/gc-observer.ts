/**
 * Loaded into a server under test with `--import` (never into the app itself): appends every GC pause
 * of at least 0.5 ms to `BENCH_GC_LOG` as "<epoch ms> <duration ms>" lines, flushed every 200 ms, so
 * the bench can report the longest pause within each phase.
 */
import { appendFile } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";

const file = process.env.BENCH_GC_LOG;
if (file) {
  let pending = "";
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration >= 0.5)
        pending += `${Math.round(performance.timeOrigin + entry.startTime)} ${entry.duration.toFixed(2)}\n`;
    }
  }).observe({ entryTypes: ["gc"] });
  setInterval(() => {
    if (!pending) return;
    const lines = pending;
    pending = "";
    appendFile(file, lines, () => undefined);
  }, 200).unref();
}
