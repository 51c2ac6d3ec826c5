/**
 * The `tools/list` result of the live tool definitions, exactly as the server sends it (the raw
 * JSON-RPC result, key order included), for one environment's taxonomy. `scripts/bundle.ts` writes
 * it for the default environment to `dist/tools-list.json`, which the built server answers
 * `tools/list` from (see `src/prebuilt-tools-list.ts`) instead of converting ~60 tools' zod schemas
 * to JSON Schema on every start.
 *
 *   node --conditions=@ispn/source scripts/tools-list.ts > dist/tools-list.json
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createMcpServer } from "@ispn/mcp-server";
import { readCommonConfig } from "@ispn/runtime/config";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { PrebuiltToolsList } from "../src/prebuilt-tools-list.ts";
import { toolsListHandshake } from "./tools-list-handshake.ts";

/** Lists the tools of a server built from `env` (default: no variables set), without opening anything. */
export async function liveToolsList(env: Record<string, string> = {}): Promise<PrebuiltToolsList> {
  const config = readCommonConfig(env);
  const server = createMcpServer({
    runtime: { config, open: () => Promise.reject(new Error("tools/list needs no runtime")) },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    version: "0.0.0",
  });
  const [client, served] = InMemoryTransport.createLinkedPair();
  const answers = new Map<unknown, JSONRPCMessage>();
  client.onmessage = (message) => {
    if ("id" in message) answers.set(message.id, message);
  };
  await server.connect(served);
  await client.start();
  for (const message of toolsListHandshake("tools-list")) await client.send(message);
  for (let i = 0; i < 100 && !answers.has(2); i++) await new Promise((r) => setTimeout(r, 10));
  await server.close();
  const answer = answers.get(2);
  if (!answer || !("result" in answer)) throw new Error(`tools/list failed: ${JSON.stringify(answer)}`);
  return { taxonomy: config.taxonomy, result: answer.result };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await liveToolsList()));
}
