import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

/** The crash and outage runs, one file at a time, with their own report for `pnpm test`'s sum. */
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ["src/**/*.resilience.test.ts"],
      fileParallelism: false,
      reporters: ["default", ["json", { outputFile: ".test-results/vitest-resilience.json" }]],
    },
  }),
);
