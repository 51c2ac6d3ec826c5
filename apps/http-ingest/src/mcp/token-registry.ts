import { timingSafeEqual } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import type { Logger } from "pino";
import { hashToken, parseTokenList, type TokenEntry } from "./token-file.ts";

/** Where the accepted tokens come from (see `mcp-config.ts`). */
export type TokenSource = { kind: "file"; path: string } | { kind: "inline"; text: string };

/** The accepted MCP tokens, looked up by the bearer token a request presents. */
export interface TokenRegistry {
  /** The entry whose hash matches `token`, or `undefined`. */
  verify(token: string): TokenEntry | undefined;
  /** How many tokens are accepted now. */
  size(): number;
  /** Re-reads the file; on a bad file keeps the tokens it had and logs every problem. */
  reload(): void;
  close(): void;
}

/** Reads a token source; throws an Error listing every problem (for start-up and reloads). */
export function loadTokens(source: TokenSource): TokenEntry[] {
  let text: string;
  const where = source.kind === "file" ? source.path : "MCP_TOKENS";
  if (source.kind === "file") {
    try {
      text = readFileSync(source.path, "utf8");
    } catch (error) {
      throw new Error(
        `cannot read ${source.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  } else text = source.text;
  const parsed = parseTokenList(text);
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.join("; ")}`);
  return parsed.entries;
}

/**
 * The registry over `entries`, kept current from a token file: re-read on SIGHUP and when the file
 * changes (polled every `pollMs`), so a token can be added or revoked without a restart. Rotation:
 * give a person a second token, hand it over, then delete the old line.
 */
export function createTokenRegistry(options: {
  source: TokenSource;
  entries: TokenEntry[];
  logger: Pick<Logger, "info" | "error">;
  pollMs?: number;
}): TokenRegistry {
  const { source, logger } = options;
  let byHash = index(options.entries);
  const reload = () => {
    try {
      const entries = loadTokens(source);
      byHash = index(entries);
      logger.info({ tokens: entries.length }, "MCP tokens reloaded");
    } catch (error) {
      logger.error(
        { err: (error as Error).message },
        "MCP tokens not reloaded; the previous tokens stay in force",
      );
    }
  };
  // Polled with a stat taken now, synchronously: a change made right after start is seen too (with
  // fs.watchFile the first stat is taken later, so an edit before it went unnoticed).
  let timer: ReturnType<typeof setInterval> | undefined;
  if (source.kind === "file") {
    process.on("SIGHUP", reload);
    let seen = fileVersion(source.path);
    timer = setInterval(() => {
      const now = fileVersion(source.path);
      if (now === seen) return;
      seen = now;
      reload();
    }, options.pollMs ?? 2000);
    timer.unref();
  }
  return {
    verify(token) {
      const presented = Buffer.from(hashToken(token), "hex");
      const entry = byHash.get(presented.toString("hex"));
      // the map lookup is by hash (timing leaks nothing about a token); compare once more in constant time
      return entry && timingSafeEqual(Buffer.from(entry.sha256, "hex"), presented) ? entry : undefined;
    },
    size: () => byHash.size,
    reload,
    close() {
      if (source.kind !== "file") return;
      process.off("SIGHUP", reload);
      clearInterval(timer);
    },
  };
}

/** What changes when the file is edited or replaced: its inode, size and modification time ("" when missing). */
function fileVersion(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "";
  }
}

function index(entries: readonly TokenEntry[]): Map<string, TokenEntry> {
  return new Map(entries.map((e) => [e.sha256, e]));
}
