import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

// The crash and outage runs (`*.resilience.test.ts`) spawn and kill processes under load; they run
// on their own afterwards (vitest.resilience.config.ts), so their timings are not skewed by every
// other package's tests sharing the machine.
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { exclude: ["**/node_modules/**", "src/**/*.resilience.test.ts"] } }),
);
