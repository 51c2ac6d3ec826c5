/**
 * MCP cold start against Node's own start, in one run: the median of N spawns of the built stdio
 * server (`apps/mcp-stdio/dist/main.js`, the bundle users install) to the answer of its first
 * `tools/list` (after `initialize`), and the median of N spawns of `node -e 0` to exit, alternated so
 * both see the same machine load. Prints both and their ratio; the goal is ≤ 5×.
 *
 *   pnpm --filter @ispn/bench bench:mcp-cold-start [-- --runs 10 --json]
 *
 * Each server start gets a fresh DATA_DIR (SQLite files created: the slowest case). The compile
 * cache the server turns on is warmed by one unmeasured start first, as on any start after a user's
 * first.
 */
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { timeOneStart } from "../../apps/mcp-stdio/scripts/measure-cold-start.ts";
import { progress } from "./log.ts";
import { ensureMcpBuilt } from "./mcp-build.ts";

const GOAL_RATIO = 5;
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

/** ms from spawning `node -e 0` to its exit. */
function timeBareNode(): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.on("error", fail);
    child.on("exit", () => done(Number(process.hrtime.bigint() - started) / 1e6));
  });
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round((value ?? Number.NaN) * 10) / 10;
}

const { entry, built, problem } = ensureMcpBuilt(repoRoot);
if (!built) progress(`measuring a possibly stale build (${problem})`);
const env = { LOG_LEVEL: "warn" };
progress(`warming the compile cache (one unmeasured start of ${entry})`);
await timeOneStart(entry, [], env);
await timeBareNode();

const server: number[] = [];
const bare: number[] = [];
for (let i = 0; i < runs; i++) {
  bare.push(await timeBareNode());
  server.push(await timeOneStart(entry, [], env));
}
const serverMs = median(server);
const bareMs = median(bare);
const ratio = Math.round((serverMs / bareMs) * 100) / 100;
const verdict = ratio <= GOAL_RATIO ? "PASS" : "FAIL";

if (args.includes("--json")) {
  process.stdout.write(
    `${JSON.stringify({ entry: join(entry), runs, serverMs, bareNodeMs: bareMs, ratio, goal: GOAL_RATIO, verdict, server, bare })}\n`,
  );
} else {
  process.stdout.write(
    [
      `MCP cold start, median of ${runs} (spawn → first tools/list answer): ${serverMs} ms`,
      `node -e 0, median of ${runs} (spawn → exit), same run:             ${bareMs} ms`,
      `ratio ${ratio}× (goal ≤ ${GOAL_RATIO}×): ${verdict}`,
      "",
    ].join("\n"),
  );
}
