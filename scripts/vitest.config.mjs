import { defineConfig } from "vitest/config";

/** The tests of the repository's own scripts (`pnpm test` runs them; report in scripts/.test-results). */
export default defineConfig({
  root: import.meta.dirname,
  test: {
    environment: "node",
    include: ["*.test.mjs"],
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
  },
});
