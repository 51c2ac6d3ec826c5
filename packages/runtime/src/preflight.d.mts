/**
 * The start-up checks both apps run before loading anything else (`@ispn/runtime/preflight`, plain
 * JavaScript so that it runs on any Node).
 */

/** The oldest Node the apps run on ("22.18"): `node:sqlite` and TypeScript type stripping. */
export declare const MIN_NODE: string;

/**
 * The one line to print when `version` (e.g. `"20.20.2"` or `"v20.20.2"`, as in
 * `process.versions.node`) is older than {@link MIN_NODE}; `undefined` when it is new enough.
 */
export declare function nodeVersionProblem(version: string): string | undefined;

/**
 * Loads the first `.env` found in `dirs` (in order) into `env`. Variables already set in `env` are
 * kept: the real environment wins over `.env`. Returns the file loaded, or `undefined` when none
 * exists. Needs Node ≥ 21.7 (`util.parseEnv`); throws on an unreadable file.
 */
export declare function loadDotEnv(
  env: Record<string, string | undefined>,
  dirs: string[],
): string | undefined;

/**
 * Run first by each app's entry: on a Node older than {@link MIN_NODE} prints one line to stderr
 * and exits with code 1 (stdout stays clean for MCP's JSON-RPC); otherwise loads `.env` from the
 * current directory, else from `root` (the repository root), into `process.env` without replacing
 * variables already set. Returns the `.env` file loaded, if any.
 */
export declare function preflight(options: { root: string | URL }): string | undefined;
