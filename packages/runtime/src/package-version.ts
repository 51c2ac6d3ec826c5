import { readFileSync } from "node:fs";

/**
 * The `version` field of the package.json at `packageJsonUrl`. Changesets bumps it on release, so
 * what an app reports always matches its changelog. Throws when the file is missing or has no
 * string `version` (a broken install, caught at start-up rather than reported as a wrong version).
 */
export function readPackageVersion(packageJsonUrl: URL): string {
  const { version } = JSON.parse(readFileSync(packageJsonUrl, "utf8")) as { version?: unknown };
  if (typeof version !== "string" || version === "") {
    throw new Error(`${packageJsonUrl.pathname} has no "version"`);
  }
  return version;
}
