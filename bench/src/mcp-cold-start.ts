/**
 * MCP cold start against Node's own start, in one run: the median of N spawns of the built stdio
 * server (`apps/mcp-stdio/dist/main.js`, the bundle users install) to the answer of its first
 * `tools/list` (after `initialize`), and the median of N spawns of `node -e 0` to exit, alternated so
 * both see the same machine load. Prints both and their ratio; the goal is ≤ 5×. `pnpm bench`'s MCP
 * section measures the same way (`scenarios/mcp-cold-start.ts`).
 *
 *   pnpm --filter @ispn/bench bench:mcp-cold-start [-- --runs 10 --json]
 *
 * Each server start gets a fresh DATA_DIR (SQLite files created: the slowest case). The compile
 * cache the server turns on is warmed by one unmeasured start first, as on any start after a user's
 * first.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { progress } from "./log.ts";
import { ensureMcpBuilt } from "./mcp-build.ts";
import { measureColdStartRatio } from "./scenarios/mcp-cold-start.ts";
import { TARGETS } from "./targets.ts";

const GOAL_RATIO = TARGETS.mcpColdStartRatio;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(flag("--runs") ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs must be a whole number ≥ 1 (got ${flag("--runs")})\n`);
  process.exit(2);
}

const { entry, built, problem } = ensureMcpBuilt(repoRoot);
if (!built) progress(`measuring a possibly stale build (${problem})`);
progress(`warming the compile cache, then ${runs} starts of ${entry} alternated with ${runs} of node -e 0`);
const m = await measureColdStartRatio({ entry, runs });
const verdict = m.ratio <= GOAL_RATIO ? "PASS" : "FAIL";

if (args.includes("--json")) {
  process.stdout.write(
    `${JSON.stringify({ entry: join(entry), runs, serverMs: m.serverMedianMs, bareNodeMs: m.floorMedianMs, ratio: m.ratio, goal: GOAL_RATIO, verdict, server: m.serverMs, bare: m.floorMs })}\n`,
  );
} else {
  process.stdout.write(
    [
      `MCP cold start, median of ${runs} (spawn → first tools/list answer): ${m.serverMedianMs} ms`,
      `node -e 0, median of ${runs} (spawn → exit), same run:             ${m.floorMedianMs} ms`,
      `ratio ${m.ratio}× (goal ≤ ${GOAL_RATIO}×): ${verdict}`,
      "",
    ].join("\n"),
  );
}
