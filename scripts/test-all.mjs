#!/usr/bin/env node
// The README's test command (`pnpm test`): lint, type-check and run every package's tests, then
// print one line summing every test run: `tests: N passed, M failed`.
// Each package's vitest writes `.test-results/vitest.json` (see vitest.shared.ts); we sum those.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "apps"].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [],
);
const resultDirs = workspaces.map((dir) => join(dir, ".test-results"));
for (const dir of resultDirs) rmSync(dir, { recursive: true, force: true });

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

let passed = 0;
let failed = 0;
let skipped = 0;
const reports = resultDirs.flatMap((dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => /^vitest.*\.json$/.test(file))
        .map((file) => join(dir, file))
    : [],
);
for (const report of reports) {
  const data = JSON.parse(readFileSync(report, "utf8"));
  const name = report.slice(root.length).replace("/.test-results/", " ").replace(".json", "");
  process.stdout.write(
    `${name}: ${data.numPassedTests} passed, ${data.numFailedTests} failed, ${data.numPendingTests ?? 0} skipped\n`,
  );
  passed += data.numPassedTests;
  failed += data.numFailedTests + (data.numFailedTestSuites ?? 0);
  skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
}
if (failedSteps.length > 0) process.stdout.write(`failed steps: ${failedSteps.join(", ")}\n`);
if (skipped > 0) process.stdout.write(`(${skipped} tests skipped)\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
