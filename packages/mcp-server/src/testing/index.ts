export type { Harness, HarnessOptions, LogEntry } from "./harness.ts";
export { createHarness, fourLineNote, HARNESS_SERVER_VERSION, tempDir, textOf } from "./harness.ts";
