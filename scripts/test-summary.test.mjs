import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { expectedReports, summarize } from "./test-summary.mjs";

let root;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const pkg = (name, scripts, reports = {}) => {
  mkdirSync(join(root, name, ".test-results"), { recursive: true });
  writeFileSync(join(root, name, "package.json"), JSON.stringify({ name, scripts }));
  for (const [file, content] of Object.entries(reports))
    writeFileSync(join(root, name, ".test-results", file), content);
};
const report = (passed, failed = 0) =>
  JSON.stringify({
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: 0,
    numFailedTestSuites: 0,
  });

it("counts a package whose tests wrote no report as failed, and names it", () => {
  root = mkdtempSync(join(tmpdir(), "ispn-test-all-"));
  pkg("packages/ok", { test: "vitest run" }, { "vitest.json": report(5) });
  pkg("packages/crashed", { test: "vitest run" });
  pkg("packages/no-tests", { build: "tsc" });
  pkg(
    "apps/service",
    { test: "vitest run", "test:resilience": "vitest run -c r" },
    { "vitest.json": report(3, 1) },
  );
  pkg("apps/garbled", { test: "vitest run" }, { "vitest.json": "{ not json" });

  const summary = summarize(expectedReports(root));

  expect(summary.passed).toBe(8);
  // 1 failed test in apps/service, and 1 each for the three missing or unreadable reports
  expect(summary.failed).toBe(4);
  expect(summary.missing.sort()).toEqual([
    "apps/garbled vitest",
    "apps/service vitest-resilience",
    "packages/crashed vitest",
  ]);
  expect(summary.lines).toContain(
    "packages/crashed vitest: NO REPORT (its tests crashed or did not run): counted as 1 failed",
  );
  expect(summary.lines).toContain("packages/ok vitest: 5 passed, 0 failed, 0 skipped");
  expect(summary.lines.join("\n")).not.toContain("no-tests");
});

it("expects the reports of this repository's packages: every test script, and http-ingest's resilience run", () => {
  root = mkdtempSync(join(tmpdir(), "ispn-test-all-"));
  const here = expectedReports(join(import.meta.dirname, ".."));
  expect(here.find((p) => p.name === "apps/http-ingest")?.reports).toEqual([
    "vitest.json",
    "vitest-resilience.json",
  ]);
  expect(here.map((p) => p.name)).toEqual(expect.arrayContaining(["packages/core", "apps/mcp-stdio"]));
});
