import { Writable } from "node:stream";
import { createMemoryStores } from "@ispn/core";
import { createMockHelpdesk, type MockHelpdesk } from "@ispn/helpdesk-mock";
import type { Runtime } from "@ispn/runtime";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createApp } from "../src/app.ts";
import { createIngestRuntime } from "../src/compose.ts";
import { createLogger } from "../src/logger.ts";
import { readMcpHttpConfig } from "../src/mcp/mcp-config.ts";
import { hashToken } from "../src/mcp/token-file.ts";
import { createTokenRegistry } from "../src/mcp/token-registry.ts";
import { createMetrics } from "../src/metrics.ts";
import { TOKEN, testIngestConfig } from "./harness.ts";

/** Tokens of the fixture (plain values; the registry holds only their hashes). */
export const MCP_TOKENS = {
  admin: "ispn_mcp_admin-0123456789abcdefghijklmnop",
  reader: "ispn_mcp_reader-0123456789abcdefghijklmnop",
  voice: "ispn_mcp_voice-0123456789abcdefghijklmnop",
} as const;

/** The token list, as an operator would write it (YAML), with hashes only. */
export const TOKEN_YAML = `tokens:
  - name: Ana Admin
    sha256: ${hashToken(MCP_TOKENS.admin)}
    scopes: [read, write, handoff]
  - name: Rita Reader
    sha256: ${hashToken(MCP_TOKENS.reader)}
    scopes: [read]
  - name: Voice agent
    sha256: ${hashToken(MCP_TOKENS.voice)}
    profile: voice
`;

export const MCP_URL = "http://127.0.0.1:3000/mcp";

export interface McpFixture {
  app: ReturnType<typeof createApp>;
  runtime: Runtime;
  mock: MockHelpdesk;
  /** A request to the app, with the Host of MCP_URL unless given. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** An SDK client over Streamable HTTP to `/mcp` with this token and extra headers. */
  connect(token: string, headers?: Record<string, string>): Promise<Client>;
  close(): Promise<void>;
}

/** The app with remote MCP on, over memory stores and the in-memory mock helpdesk. */
export async function createMcpFixture(env: Record<string, string> = {}): Promise<McpFixture> {
  const logger = createLogger("silent", new Writable({ write: (_c, _e, done) => done() }));
  const metrics = createMetrics();
  const mock = createMockHelpdesk();
  const problems: { variable: string; message: string }[] = [];
  const mcp = readMcpHttpConfig({ MCP_TOKENS: TOKEN_YAML, ...env }, problems, {
    host: "127.0.0.1",
    port: 3000,
  });
  if (problems.length) throw new Error(JSON.stringify(problems));
  // the harness's config with only the fixture's token, no HMAC or ElevenLabs secrets, remote MCP on
  const config = testIngestConfig({
    port: 3000,
    ingestTokens: [TOKEN],
    hmacSecrets: [],
    elevenLabsSecrets: [],
    mcp,
  });
  const runtime = {
    ...(await createIngestRuntime({
      config,
      logger,
      metrics,
      helpdesk: mock,
      stores: createMemoryStores(),
    })),
    // as with HELPDESK=mock: the module tools (problems, changes …) use the mock's
    mock,
  };
  const tokens = createTokenRegistry({ source: mcp.source!, entries: mcp.tokens, logger });
  const app = createApp({ runtime, config, logger, metrics, mcp: { config: mcp, tokens } });
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("host")) headers.set("host", "127.0.0.1:3000");
    return Promise.resolve(app.request(`http://127.0.0.1:3000${path}`, { ...init, headers }));
  };
  const clients: Client[] = [];
  return {
    app,
    runtime,
    mock,
    request,
    async connect(token, headers = {}) {
      const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
        requestInit: { headers: { authorization: `Bearer ${token}`, ...headers } },
        fetch: (url, init) => Promise.resolve(app.request(String(url), init as RequestInit)),
      });
      const client = new Client({ name: "fixture", version: "1.0.0" });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.close();
      tokens.close();
      await runtime.close();
      await mock.close();
    },
  };
}

/** Calls a tool; returns the result, errors included. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of a tool result. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}
