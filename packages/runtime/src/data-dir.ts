import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "@ispn/core";

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

/** What {@link secureDataFiles} changed: a path with its mode before and after (octal text). */
export interface Tightened {
  path: string;
  from: string;
  to: string;
}

/** What SQLite keeps beside a database. */
const COMPANIONS = ["-wal", "-shm", "-journal"];

/**
 * Makes the files that hold handoffs, caller numbers and SDP tokens readable by their owner only,
 * taking group and other permissions away: each of `databases` (SQLite files, wherever
 * configured) with its -wal, -shm and -journal, each of `files` that exists (a key file), all
 * 0600, and the data directory (0700; created so when a database lives in it). A database that
 * does not exist yet is created empty and owner-only, so SQLite's own files inherit that mode. An existing data
 * directory is left alone when it is shared by design (sticky, like /tmp), the home directory or
 * another user's. Each change is logged; a file that cannot be changed is logged and left. Does
 * nothing on Windows, where the per-user profile's ACLs apply.
 */
export function secureDataFiles(options: {
  dataDir: string;
  databases: readonly string[];
  files?: readonly string[];
  logger: Logger;
  platform?: NodeJS.Platform;
}): Tightened[] {
  if ((options.platform ?? process.platform) === "win32") return [];
  const { dataDir, logger } = options;
  const tightened: Tightened[] = [];
  const tighten = (path: string) => {
    try {
      const before = statSync(path).mode & 0o7777;
      if ((before & 0o077) === 0) return;
      chmodSync(path, before & ~0o077);
      const change = { path, from: octal(before), to: octal(before & ~0o077) };
      tightened.push(change);
      logger.warn(change, "tightened permissions: data readable by other users is now owner-only");
    } catch (error) {
      logger.warn({ path, err: (error as Error).message }, "could not make a data file owner-only");
    }
  };
  if (options.databases.some((file) => dirname(file) === dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  if (existsSync(dataDir) && ownDirectory(dataDir)) tighten(dataDir);
  for (const file of options.databases) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
    for (const path of [file, ...COMPANIONS.map((s) => file + s)]) if (existsSync(path)) tighten(path);
  }
  for (const file of options.files ?? []) if (existsSync(file)) tighten(file);
  return tightened;
}

/** A directory this user may make private: theirs, not sticky (shared like /tmp), not the home. */
function ownDirectory(path: string): boolean {
  const stat = statSync(path);
  const uid = process.getuid?.();
  return (
    stat.isDirectory() &&
    (stat.mode & 0o1000) === 0 &&
    (uid === undefined || stat.uid === uid) &&
    resolve(path) !== resolve(homedir())
  );
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, "0")}`;
