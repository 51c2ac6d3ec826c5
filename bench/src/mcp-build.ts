import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { progress } from "./log.ts";

/**
 * Builds apps/mcp-stdio and what it depends on (turbo, cached when nothing changed), so the cold
 * start is measured on the built server a user installs. When the build fails, an existing
 * dist/main.js is still measured (and the report says it may be stale).
 */
export function ensureMcpBuilt(repoRoot: string): { entry: string; built: boolean; problem?: string } {
  const entry = join(repoRoot, "apps/mcp-stdio/dist/main.js");
  const turbo = join(repoRoot, "node_modules/.bin/turbo");
  progress("building @ispn/mcp-stdio (turbo, cached when unchanged)");
  const result = spawnSync(
    turbo,
    ["run", "build", "--filter=@ispn/mcp-stdio...", "--output-logs=errors-only"],
    {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
      timeout: 180_000,
    },
  );
  const built = result.status === 0;
  if (!built) {
    const why = `${result.error?.message ?? ""}${result.stdout ?? ""}${result.stderr ?? ""}`
      .trim()
      .slice(-1500);
    progress(
      `mcp-stdio build failed${existsSync(entry) ? "; measuring the existing dist/main.js" : ""}:\n${why}`,
    );
    return { entry, built, problem: "build failed" };
  }
  return { entry, built };
}
