import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * What a client sends to list a server's tools: `initialize` (id 1), `notifications/initialized`,
 * then `tools/list` (id 2, the answer to wait for).
 */
export function toolsListHandshake(clientName: string): JSONRPCMessage[] {
  return [
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: clientName, version: "1" },
      },
    },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: 2, method: "tools/list" },
  ];
}

/** Messages as a stdio server reads them: one JSON text per line. */
export const stdioLines = (messages: readonly JSONRPCMessage[]) =>
  messages.map((m) => `${JSON.stringify(m)}\n`).join("");
