import { homedir } from "node:os";
import { join } from "node:path";

const APP_DIR = "ispn-helpdesk-bridge";

/**
 * The per-user data directory both apps share on one host (so their handoffs dedup against each
 * other): `$DATA_DIR` when set; else `$XDG_DATA_HOME/ispn-helpdesk-bridge` or
 * `~/.local/share/ispn-helpdesk-bridge` on Linux, `~/Library/Application Support/…` on macOS,
 * `%LOCALAPPDATA%\…` on Windows.
 */
export function defaultDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === "darwin") return join(home, "Library", "Application Support", APP_DIR);
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(home, "AppData", "Local"), APP_DIR);
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), APP_DIR);
}
