import { maskPhone, normalizePhone } from "@ispn/core";
import { type Actor, createMcpServer, type McpRuntime, toolScope } from "@ispn/mcp-server";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { authenticate } from "./bearer-auth.ts";
import { callerFromHeaders } from "./caller-header.ts";
import type { McpHttpConfig } from "./mcp-config.ts";
import { registerProtectedResourceMetadata } from "./protected-resource.ts";
import { jsonRpcError, originAndHostGuard } from "./request-guards.ts";
import type { TokenEntry } from "./token-file.ts";
import type { TokenRegistry } from "./token-registry.ts";

export interface McpRouteDeps {
  config: McpHttpConfig;
  tokens: TokenRegistry;
  runtime: McpRuntime;
  logger: Logger;
  version: string;
}

/** The actor of a request: the token's person, and for a voice token the caller of the call. */
function actorOf(entry: TokenEntry, header: (name: string) => string | undefined): Actor {
  const caller = entry.profile === "voice" ? (entry.caller ?? callerFromHeaders(header)) : undefined;
  return {
    name: entry.name,
    scopes: entry.scopes,
    extra: { profile: entry.profile, ...(caller === undefined ? {} : { caller }) },
  };
}

/** Why `entry` may not call `tool`, or `undefined` when it may. */
function refusal(entry: TokenEntry, tool: string): string | undefined {
  const scope = toolScope(tool);
  if (scope === undefined) return undefined; // not ours: the server answers "not found"
  if (entry.profile === "voice") {
    const voiceTools = ["caller_tickets", "handoff_status", "handoff_submit"];
    if (voiceTools.includes(tool) && entry.scopes.includes(scope)) return undefined;
    return `${tool} is not available to a voice agent's token: it may only look up the caller of this call (caller_tickets, handoff_status) and submit a handoff for them (handoff_submit).`;
  }
  if (entry.scopes.includes(scope)) return undefined;
  return `${tool} needs the "${scope}" scope; the token of ${entry.name} has ${entry.scopes.join(", ")}. Nothing was done. Ask the operator for a token with the ${scope} scope (MCP_TOKENS_FILE).`;
}

/** A JSON-RPC answer to one `tools/call` that is refused: a tool error the model can read. */
function refusedCall(id: unknown, text: string): Response {
  const body = { jsonrpc: "2.0", id, result: { content: [{ type: "text", text }], isError: true } };
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

/**
 * Remote MCP over Streamable HTTP (spec 2025-11-25) at `/mcp`, stateless: each POST gets a server
 * built for its token (only the tools its scopes allow appear in `tools/list`; a voice token gets
 * the voice profile), with its person as the actor of every write. Host/Origin checked first, then
 * the bearer token, then the body size. GET (a standalone SSE stream) and DELETE (sessions) are 405:
 * this server keeps no sessions and sends no unsolicited messages.
 */
export function registerMcpRoutes(app: Hono, deps: McpRouteDeps): void {
  const { config, tokens, runtime, logger } = deps;
  registerProtectedResourceMetadata(app, {
    resource: config.publicUrl,
    authorizationServers: config.authorizationServers,
  });
  const guard = originAndHostGuard(config);
  app.use("/mcp", guard);
  app.on(["GET", "DELETE"], "/mcp", () =>
    jsonRpcError(405, "This MCP server is stateless: send requests with POST", { allow: "POST" }),
  );
  app.post(
    "/mcp",
    async (c, next) => {
      const auth = authenticate(c, tokens, config.publicUrl);
      if ("response" in auth) return auth.response;
      c.set("mcpToken" as never, auth as never);
      await next();
      return undefined;
    },
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: () =>
        jsonRpcError(413, `The request is larger than ${config.bodyLimitBytes} bytes (MCP_BODY_LIMIT_BYTES)`),
    }),
    async (c) => {
      const { entry, token } = c.get("mcpToken" as never) as { entry: TokenEntry; token: string };
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return new Response(
          JSON.stringify({
            jsonrpc: "2.0",
            error: { code: -32700, message: "Parse error: the body is not JSON" },
            id: null,
          }),
          { status: 400, headers: { "content-type": "application/json" } },
        );
      }
      const actor = actorOf(entry, (name) => c.req.header(name));
      const message = body as { method?: unknown; id?: unknown; params?: { name?: unknown } };
      if (message?.method === "tools/call" && typeof message.params?.name === "string") {
        const tool = message.params.name;
        const reason = refusal(entry, tool);
        if (reason) {
          logger.warn({ tool, actor: entry.name, outcome: "refused" }, "MCP tool call refused by scope");
          if (toolScope(tool) !== "read") await auditRefusal(runtime, actor, tool);
          return refusedCall(message.id ?? null, reason);
        }
      }
      const server = createMcpServer({
        runtime,
        logger,
        version: deps.version,
        actor,
        profile: entry.profile === "voice" ? "voice" : "full",
        offers: ({ scope }) => entry.scopes.includes(scope),
      });
      // no sessionIdGenerator: stateless, every POST stands alone (any replica can answer it)
      const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
      const authInfo: AuthInfo = {
        token,
        clientId: entry.name,
        scopes: [...entry.scopes],
        extra: { name: entry.name },
      };
      await server.connect(transport);
      try {
        return await transport.handleRequest(c.req.raw, { parsedBody: body, authInfo });
      } finally {
        await server.close();
      }
    },
  );
}

async function auditRefusal(runtime: McpRuntime, actor: Actor, tool: string): Promise<void> {
  const raw = actor.extra?.caller;
  const phone = typeof raw === "string" ? normalizePhone(raw, runtime.config.defaultPhoneRegion) : undefined;
  const caller = phone?.ok ? maskPhone(phone.value) : undefined;
  await runtime.stores.audit
    .append({
      at: Date.now(),
      actor: actor.name,
      via: actor.extra?.profile === "voice" ? "voice" : "http",
      tool,
      outcome: "error",
      code: "scope",
      ...(caller ? { caller } : {}),
    })
    .catch(() => {});
}
