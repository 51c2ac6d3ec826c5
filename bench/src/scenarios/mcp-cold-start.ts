import { spawn } from "node:child_process";
import { timeOneStart } from "../../../apps/mcp-stdio/scripts/measure-cold-start.ts";
import { median, round } from "../stats.ts";

/** Cold starts of the MCP server against Node's own start, measured alternately in one run. */
export interface ColdStartRatio {
  /** Spawn → first `tools/list` answer, ms, in the order taken. */
  serverMs: number[];
  /** Spawn → exit of `node -e 0`, ms, taken between the server's starts. */
  floorMs: number[];
  serverMedianMs: number;
  floorMedianMs: number;
  /** serverMedianMs ÷ floorMedianMs, 2 decimals: the measure (goal ≤ 5). */
  ratio: number;
}

/**
 * The measure of the MCP cold start: `runs` starts of the server (`timeOneStart`: spawn →
 * answer of the first `tools/list` sent right after `initialize`, fresh DATA_DIR each) alternated
 * with `runs` starts of `node -e 0`, so both see the same machine load, after one unmeasured start of
 * each (it fills Node's compile cache, as any start after installing finds it). The ratio of the
 * medians is what the goal judges; the ms are kept for the table.
 */
export async function measureColdStartRatio(options: {
  entry: string;
  runs: number;
  env?: Record<string, string>;
}): Promise<ColdStartRatio> {
  const env = { LOG_LEVEL: "warn", ...options.env };
  await timeOneStart(options.entry, [], env);
  await timeNodeFloor();
  const serverMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    floorMs.push(await timeNodeFloor());
    serverMs.push(await timeOneStart(options.entry, [], env));
  }
  const serverMedianMs = round(median(serverMs), 1);
  const floorMedianMs = round(median(floorMs), 1);
  return {
    serverMs: serverMs.map((ms) => round(ms, 1)),
    floorMs: floorMs.map((ms) => round(ms, 1)),
    serverMedianMs,
    floorMedianMs,
    ratio: round(serverMedianMs / floorMedianMs),
  };
}

/** The floor: ms to spawn `node -e 0` and see it exit. No Node server starts faster on this machine. */
export function timeNodeFloor(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", () => resolve(performance.now() - started));
  });
}
