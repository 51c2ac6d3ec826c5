import { defineConfig } from "vitest/config";

/**
 * The one vitest configuration every package extends. Workspace packages resolve to their
 * TypeScript sources through the `@ispn/source` export condition, so tests never need a build.
 * Each run writes a JSON report to `.test-results/vitest.json`; `scripts/test-all.mjs` sums them (a missing one counts as failed).
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@ispn/source"] },
  ssr: { resolve: { conditions: ["@ispn/source"], externalConditions: ["@ispn/source"] } },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
