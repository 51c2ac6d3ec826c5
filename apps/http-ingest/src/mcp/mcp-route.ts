import { createMcpServer, createMetadataCache, type McpRuntime, toolScope } from "@ispn/mcp-server";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { authenticate } from "./bearer-auth.ts";
import { actorOf, auditRefusal, refusal, refusedCall } from "./mcp-access.ts";
import type { McpHttpConfig } from "./mcp-config.ts";
import { registerProtectedResourceMetadata } from "./protected-resource.ts";
import { jsonRpcError, originAndHostGuard } from "./request-guards.ts";
import type { TokenEntry } from "./token-file.ts";
import type { TokenRegistry } from "./token-registry.ts";

/** Per-request variables of the MCP routes. */
interface McpEnv {
  Variables: { mcpToken: { entry: TokenEntry; token: string } };
}

export interface McpRouteDeps {
  config: McpHttpConfig;
  tokens: TokenRegistry;
  runtime: McpRuntime;
  logger: Logger;
  version: string;
}

/**
 * Remote MCP over Streamable HTTP (spec 2025-11-25) at `/mcp`, stateless: each POST gets a server
 * built for its token (only the tools its scopes allow appear in `tools/list`; a voice token gets
 * the voice profile), with its person as the actor of every write. Host/Origin checked first, then
 * the bearer token, then the body size. GET (a standalone SSE stream) and DELETE (sessions) are 405:
 * this server keeps no sessions and sends no unsolicited messages.
 */
export function createMcpRoutes(deps: McpRouteDeps): Hono<McpEnv> {
  const { config, tokens, runtime, logger } = deps;
  const app = new Hono<McpEnv>();
  // one cache for every request's server: lookup lists are fetched once per TTL, not per request
  const metadataCache = createMetadataCache({ helpdesk: runtime.helpdesk });
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
      c.set("mcpToken", auth);
      await next();
      return undefined;
    },
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: () =>
        jsonRpcError(413, `The request is larger than ${config.bodyLimitBytes} bytes (MCP_BODY_LIMIT_BYTES)`),
    }),
    async (c) => {
      const { entry, token } = c.get("mcpToken");
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
        metadataCache,
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
  return app;
}
