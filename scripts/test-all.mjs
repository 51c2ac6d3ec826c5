#!/usr/bin/env node
// The README's test command (`pnpm test`): lint, type-check and run every package's tests, then
// print one line summing every test run: `tests: N passed, M failed`.
// Each package's vitest writes `.test-results/vitest*.json` (see vitest.shared.ts); we sum those,
// and a package with a test script but no report (vitest crashed) counts as failed
// (scripts/test-summary.mjs, tested by scripts/test-summary.test.mjs, which runs here too).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { expectedReports, summarize } from "./test-summary.mjs";

const root = new URL("..", import.meta.url).pathname;
const packages = [
  ...expectedReports(root),
  { name: "scripts", dir: join(root, "scripts"), reports: ["vitest.json"] },
];
for (const pkg of packages) rmSync(join(pkg.dir, ".test-results"), { recursive: true, force: true });

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  FORCE_COLOR: process.env.FORCE_COLOR ?? "0",
};
const run = (label, command, args) => {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(" ")}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  return result.status === 0;
};

const steps = [
  ["lint", "pnpm", ["exec", "biome", "check", "."]],
  [
    "typecheck and tests",
    "pnpm",
    ["exec", "turbo", "run", "typecheck", "test", "--continue", "--output-logs=errors-only"],
  ],
  ["test-all's own tests", "pnpm", ["exec", "vitest", "run", "--config", "scripts/vitest.config.mjs"]],
  // crash and outage runs with real processes, alone on the machine so their timings mean something
  [
    "resilience (kill -9 and outage runs)",
    "pnpm",
    ["--filter", "@ispn/http-ingest", "run", "test:resilience"],
  ],
];
const failedSteps = steps
  .filter(([label, command, args]) => !run(label, command, args))
  .map(([label]) => label);

const { passed, failed, skipped, lines, missing } = summarize(packages);
for (const line of lines) process.stdout.write(`${line}\n`);
if (missing.length > 0) process.stdout.write(`no report (counted as failed): ${missing.join(", ")}\n`);
if (failedSteps.length > 0) process.stdout.write(`failed steps: ${failedSteps.join(", ")}\n`);
if (skipped > 0) process.stdout.write(`(${skipped} tests skipped)\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
