// How `pnpm test` (scripts/test-all.mjs) sums the test reports: every workspace package with a test
// script must have left its vitest JSON report; one that did not (vitest crashed, or the step never
// ran) counts as 1 failed test and is named, so a crash can never pass as "0 failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The report each test script writes (see vitest.shared.ts and the apps' vitest configs). */
export const REPORT_OF_SCRIPT = {
  test: "vitest.json",
  "test:resilience": "vitest-resilience.json",
};

/**
 * The workspace packages under `root` (packages/*, apps/*, bench) with the reports their test
 * scripts must write: `[{ name: "apps/http-ingest", dir, reports: ["vitest.json", …] }]`.
 */
export function expectedReports(root) {
  const dirs = ["packages", "apps"]
    .flatMap((group) =>
      existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => `${group}/${name}`) : [],
    )
    .concat(["bench"]);
  return dirs
    .filter((name) => existsSync(join(root, name, "package.json")))
    .map((name) => {
      const scripts = JSON.parse(readFileSync(join(root, name, "package.json"), "utf8")).scripts ?? {};
      const reports = Object.entries(REPORT_OF_SCRIPT)
        .filter(([script]) => script in scripts)
        .map(([, report]) => report);
      return { name, dir: join(root, name), reports };
    })
    .filter((pkg) => pkg.reports.length > 0);
}

/**
 * Sums the reports of `packages` (as from {@link expectedReports}, plus any others) found in each
 * one's `.test-results/`. A missing or unreadable report counts as 1 failed test. Returns the
 * totals and one line per report for the log.
 */
export function summarize(packages) {
  const totals = { passed: 0, failed: 0, skipped: 0, lines: [], missing: [] };
  for (const pkg of packages) {
    for (const report of pkg.reports) {
      const path = join(pkg.dir, ".test-results", report);
      const label = `${pkg.name} ${report.replace(/\.json$/, "")}`;
      let data;
      try {
        data = JSON.parse(readFileSync(path, "utf8"));
      } catch {
        totals.failed += 1;
        totals.missing.push(label);
        totals.lines.push(`${label}: NO REPORT (its tests crashed or did not run): counted as 1 failed`);
        continue;
      }
      const failed = (data.numFailedTests ?? 0) + (data.numFailedTestSuites ?? 0);
      const skipped = (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
      totals.passed += data.numPassedTests ?? 0;
      totals.failed += failed;
      totals.skipped += skipped;
      totals.lines.push(
        `${label}: ${data.numPassedTests ?? 0} passed, ${data.numFailedTests ?? 0} failed, ${data.numPendingTests ?? 0} skipped`,
      );
    }
  }
  return totals;
}
