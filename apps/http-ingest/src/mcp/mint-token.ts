#!/usr/bin/env node
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { hashToken, SCOPES, type Scope } from "./token-file.ts";

/** A new MCP token: `ispn_mcp_` and 32 random bytes (base64url), 256 bits nobody can guess. */
export function mintToken(random: (n: number) => Buffer = randomBytes): string {
  return `ispn_mcp_${random(32).toString("base64url")}`;
}

const USAGE = `Usage: mcp-token <name> [--scopes read,write,handoff] [--voice] [--caller +14155550100]
Prints a new token (give it to the person once; it is not stored) and the entry to add to
MCP_TOKENS_FILE (which holds only its SHA-256).`;

/** The CLI: returns the text to print, or throws with the usage. */
export function mintCli(args: readonly string[], random?: (n: number) => Buffer): string {
  const name: string[] = [];
  let scopes: Scope[] | undefined;
  let voice = false;
  let caller: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--voice") voice = true;
    else if (arg === "--scopes") {
      const list = (args[++i] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = list.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (bad.length || list.length === 0)
        throw new Error(`--scopes takes ${SCOPES.join(",")}; got "${bad.join(",")}"\n${USAGE}`);
      scopes = list as Scope[];
    } else if (arg === "--caller") caller = args[++i];
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else name.push(arg);
  }
  if (name.length === 0) throw new Error(USAGE);
  const token = mintToken(random);
  const entry = {
    name: name.join(" "),
    sha256: hashToken(token),
    ...(voice ? { profile: "voice" } : { scopes: scopes ?? ["read"] }),
    ...(voice && scopes ? { scopes } : {}),
    ...(caller ? { caller } : {}),
  };
  return `token (shown once): ${token}\n\nadd to MCP_TOKENS_FILE:\n${stringify([entry])}`;
}

// run as a script (also through a bin symlink), not when imported by a test
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  try {
    process.stdout.write(mintCli(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}
