import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * A Node older than 22 on this machine (Debian's /usr/bin/node is 20), to check what a user with
 * the system Node sees; `undefined` when there is none.
 */
export function findOldNode(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/bin", "/usr/bin", "/bin"];
  for (const path of new Set(dirs.filter(Boolean).map((dir) => join(dir, "node")))) {
    if (!existsSync(path)) continue;
    const version = spawnSync(path, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout?.trim();
    if (version && Number(version.split(".")[0]) < 22) return path;
  }
  return undefined;
}
