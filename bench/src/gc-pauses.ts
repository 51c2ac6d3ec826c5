import { readFileSync } from "node:fs";

/** How long to wait after a phase for the server's GC log to be flushed (it flushes every 200 ms). */
export const GC_FLUSH_WAIT_MS = 300;

/** The longest GC pause of a phase, and what kind of collection it was (`gc-observer.ts`). */
export interface LongestGcPause {
  ms: number;
  /** "minor" (scavenge), "major" (mark-compact), "incremental", "weakcb"; absent in older logs. */
  kind?: string;
  /** Started by V8's memory reducer (it collects to give memory back, and unmaps pages in the pause). */
  memoryReducer?: boolean;
  /** The heap in use just after it, MB (after a minor collection that includes old-space garbage). */
  heapMb?: number;
  /**
   * The most heap in use just after a full (major) collection in the phase, MB: what the server
   * kept alive. Absent when no full collection of 0.5 ms or more ran in the phase.
   */
  liveHeapMb?: number;
  /**
   * The longest stall of the load generator (a separate process that does almost nothing) that
   * overlapped this pause, ms. Together, not a cause: the server's GC threads can take every core.
   */
  loadGenStallMs?: number;
}

/** The longest of `stalls` (epoch ms, ms) that overlaps the pause from `at` for `ms` (1 ms slack: log rounding). */
export function overlappingStall(
  pause: { at: number; ms: number },
  stalls: readonly { at: number; ms: number }[] | undefined,
): number | undefined {
  let longest: number | undefined;
  for (const stall of stalls ?? []) {
    const overlaps = stall.at <= pause.at + pause.ms + 1 && pause.at <= stall.at + stall.ms + 1;
    if (overlaps && stall.ms > (longest ?? 0)) longest = stall.ms;
  }
  return longest;
}

/** The longest GC pause the server logged between `from` and `to` (epoch ms); null without a log. */
export function longestGcPause(
  logPath: string | undefined,
  from: number,
  to: number,
  stalls?: readonly { at: number; ms: number }[],
): LongestGcPause | null {
  if (!logPath) return null;
  let text = "";
  try {
    text = readFileSync(logPath, "utf8");
  } catch {
    return { ms: 0 }; // nothing logged yet: no pause of 0.5 ms or more
  }
  let longest: LongestGcPause = { ms: 0 };
  let longestAt = 0;
  let liveHeapMb: number | undefined;
  for (const line of text.split("\n")) {
    const [atText, durationText, kind, reducer, heapMb] = line.split(" ");
    const at = Number(atText);
    const duration = Number(durationText);
    if (!atText || !durationText || Number.isNaN(at) || Number.isNaN(duration)) continue;
    if (at < from || at > to) continue;
    if (kind === "major" && heapMb !== undefined) liveHeapMb = Math.max(liveHeapMb ?? 0, Number(heapMb));
    if (duration <= longest.ms) continue;
    longestAt = at;
    longest = {
      ms: duration,
      ...(kind ? { kind } : {}),
      ...(reducer === undefined ? {} : { memoryReducer: reducer === "1" }),
      ...(heapMb === undefined ? {} : { heapMb: Number(heapMb) }),
    };
  }
  const stall = longest.ms > 0 ? overlappingStall({ at: longestAt, ms: longest.ms }, stalls) : undefined;
  return {
    ...longest,
    ms: Math.round(longest.ms * 10) / 10,
    ...(liveHeapMb === undefined ? {} : { liveHeapMb }),
    ...(stall === undefined ? {} : { loadGenStallMs: stall }),
  };
}

/**
 * "minor, heap 111 MB after, live ≤ 62 MB" — what a longest pause was, for the report (and when the
 * load generator stalled during it, for how long). "live" is
 * the most a full collection kept in the phase: the heap in use after a minor collection also
 * holds old-space garbage, up to the growing factor's headroom (`HEAP_GROWTH_PERCENT`).
 */
export function describeGcPause(pause: LongestGcPause | null | undefined): string {
  if (!pause?.kind) return "";
  return [
    pause.kind,
    ...(pause.memoryReducer ? ["memory reducer"] : []),
    ...(pause.heapMb === undefined ? [] : [`heap ${pause.heapMb} MB after`]),
    ...(pause.liveHeapMb === undefined ? [] : [`live ≤ ${pause.liveHeapMb} MB`]),
    ...(pause.loadGenStallMs === undefined
      ? []
      : [`the load generator stalled ${pause.loadGenStallMs} ms at the same time`]),
  ].join(", ");
}
