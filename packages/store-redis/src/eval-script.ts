import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-connection.ts";

const shas = new Map<string, string>();

/** The SHA1 Redis knows a script by, computed once per script. */
function shaOf(script: string): string {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  return sha;
}

/**
 * Runs a Lua script by its SHA1 (EVALSHA: a few bytes on the wire instead of the script, and no
 * hashing on the server), sending the script itself (EVAL, which also caches it) only when Redis does
 * not know it yet: the first call, or after a restart or SCRIPT FLUSH.
 */
export async function evalScript(
  client: RedisClient,
  script: string,
  options: { keys: string[]; arguments: string[] },
): Promise<unknown> {
  try {
    return await client.evalSha(shaOf(script), options);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
    return client.eval(script, options);
  }
}
