import { readFileSync } from "node:fs";

/** How long to wait after a phase for the server's GC log to be flushed (it flushes every 200 ms). */
export const GC_FLUSH_WAIT_MS = 300;

/** The longest GC pause (ms) the server logged between `from` and `to` (epoch ms); null without a log. */
export function longestGcPause(logPath: string | undefined, from: number, to: number): number | null {
  if (!logPath) return null;
  let text = "";
  try {
    text = readFileSync(logPath, "utf8");
  } catch {
    return 0; // nothing logged yet: no pause of 0.5 ms or more
  }
  let longest = 0;
  for (const line of text.split("\n")) {
    const [at, duration] = line.split(" ").map(Number);
    if (at === undefined || duration === undefined || Number.isNaN(at) || Number.isNaN(duration)) continue;
    if (at >= from && at <= to) longest = Math.max(longest, duration);
  }
  return Math.round(longest * 10) / 10;
}
