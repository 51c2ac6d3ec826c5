import { defineConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

/**
 * The crash and outage runs, one file at a time, with their own report for `pnpm test`'s sum.
 * Built by replacing the shared `test` block (mergeConfig would append to its include and
 * reporters, running every test twice).
 */
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ["src/**/*.resilience.test.ts"],
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: ".test-results/vitest-resilience.json" }]],
  },
});
