/**
 * What an app needs before anything is opened: reading and validating its configuration, and its
 * own version. A subpath apart from the package index, so that an app which opens its stores later
 * (mcp-stdio answers `initialize` and `tools/list` first) loads only this at start-up; the index
 * brings the stores, helpdesks and their libraries with it.
 */
export type { CommonConfig, HelpdeskConfig, StoreConfig } from "./common-config.ts";
export { assertNoProblems, readCommonConfig, readList, readNumber } from "./common-config.ts";
export type { ConfigProblem } from "./config-error.ts";
export { ConfigError, isConfigError } from "./config-error.ts";
export { readPackageVersion } from "./package-version.ts";
