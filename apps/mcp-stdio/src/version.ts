import { readFileSync } from "node:fs";

/**
 * The `version` field of the package.json at `packageJsonUrl`. Changesets bumps it on release, so
 * what the app reports always matches its changelog. Throws when the file is missing or has no
 * string `version` (a broken install, caught at start-up rather than reported as a wrong version).
 */
export function readPackageVersion(packageJsonUrl: URL): string {
  const { version } = JSON.parse(readFileSync(packageJsonUrl, "utf8")) as { version?: unknown };
  if (typeof version !== "string" || version === "") {
    throw new Error(`${packageJsonUrl.pathname} has no "version"`);
  }
  return version;
}

/** This app's version, from its package.json (`src/` and `dist/` both sit one level below it). */
export const APP_VERSION: string = readPackageVersion(new URL("../package.json", import.meta.url));
