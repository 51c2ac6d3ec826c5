import type { Logger } from "@ispn/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Actor, type ActorResolver, toActorResolver } from "./actor.ts";
import type { ServerContext } from "./context.ts";
import { defineTool } from "./tools/define-tool.ts";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A server with one `whoami` tool returning the actor its call saw; the client sends `authInfo`. */
async function whoami(actor: Actor | ActorResolver | undefined, authInfo?: AuthInfo) {
  const server = new McpServer({ name: "t", version: "1" });
  const ctx = { actorOf: toActorResolver(actor), logger: silent, callTimeoutMs: 5000 } as ServerContext;
  defineTool(server, ctx, {
    name: "whoami",
    title: "Who am I",
    description: "x",
    input: {},
    output: { actor: z.unknown() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: async (_args, call) => ({ actor: call.actor ?? null }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const send = clientSide.send.bind(clientSide);
  clientSide.send = (message, options) => send(message, { ...options, ...(authInfo ? { authInfo } : {}) });
  const client = new Client({ name: "c", version: "1" });
  await Promise.all([client.connect(clientSide), server.connect(serverSide)]);
  const result = (await client.callTool({ name: "whoami", arguments: {} })) as CallToolResult;
  await client.close();
  return (result.structuredContent as { actor: Actor | null }).actor;
}

const token: AuthInfo = {
  token: "t",
  clientId: "client-7",
  scopes: ["read", "write"],
  extra: { name: "Dana" },
};

describe("the actor a tool call sees", () => {
  it("is none over an unauthenticated transport (stdio)", async () => {
    expect(await whoami(undefined)).toBeNull();
  });

  it("is the token's person and scopes when the transport authenticated the request", async () => {
    expect(await whoami(undefined, token)).toEqual({
      name: "Dana",
      scopes: ["read", "write"],
      extra: { name: "Dana" },
    });
    expect(await whoami(undefined, { ...token, extra: undefined } as unknown as AuthInfo)).toEqual({
      name: "client-7",
      scopes: ["read", "write"],
    });
  });

  it("is the fixed actor, or what the resolver makes of the request, when createMcpServer is given one", async () => {
    expect(await whoami({ name: "Voice agent", scopes: ["handoff"] }, token)).toEqual({
      name: "Voice agent",
      scopes: ["handoff"],
    });
    expect(
      await whoami(({ authInfo }) => ({ name: `via ${authInfo?.clientId}`, scopes: [] }), token),
    ).toEqual({
      name: "via client-7",
      scopes: [],
    });
  });
});
