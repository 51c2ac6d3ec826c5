import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

export default mergeConfig(
  sharedConfig,
  defineConfig({
    // The spawned-server tests build dist/ (turbo, or `pnpm pack`'s prepack, which rewrites it):
    // one file at a time, so no test runs a dist/ another is rebuilding.
    test: { fileParallelism: false },
  }),
);
