import { type ConfigProblem, readNumber } from "@ispn/runtime";
import type { TokenEntry } from "./token-file.ts";
import { loadTokens, type TokenSource } from "./token-registry.ts";

type Env = Record<string, string | undefined>;

/** Remote MCP at `/mcp`: on when tokens are configured. */
export interface McpHttpConfig {
  enabled: boolean;
  source?: TokenSource;
  /** The tokens read at start-up (the registry keeps them current afterwards). */
  tokens: TokenEntry[];
  /** The public URL of `/mcp` (the OAuth protected-resource identifier). */
  publicUrl: string;
  /** Host header values accepted (DNS-rebinding protection), lower case, with or without port. */
  allowedHosts: string[];
  /** Origin header values accepted from browsers; requests without Origin are not browsers. */
  allowedOrigins: string[];
  /** Authorization servers a client may get tokens from (RFC 9728 `authorization_servers`). */
  authorizationServers: string[];
  bodyLimitBytes: number;
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * Reads `MCP_TOKENS_FILE` / `MCP_TOKENS`, `MCP_PUBLIC_URL`, `MCP_ALLOWED_HOSTS`,
 * `MCP_ALLOWED_ORIGINS`, `MCP_AUTHORIZATION_SERVERS` and `MCP_BODY_LIMIT_BYTES`, adding every
 * problem to `problems` (reported together by the caller).
 */
export function readMcpHttpConfig(
  env: Env,
  problems: ConfigProblem[],
  listen: { host: string; port: number },
): McpHttpConfig {
  const file = env.MCP_TOKENS_FILE?.trim();
  const inline = env.MCP_TOKENS?.trim();
  let source: TokenSource | undefined;
  if (file && inline)
    problems.push({ variable: "MCP_TOKENS", message: "set MCP_TOKENS_FILE or MCP_TOKENS, not both" });
  else if (file) source = { kind: "file", path: file };
  else if (inline) source = { kind: "inline", text: inline };
  let tokens: TokenEntry[] = [];
  if (source) {
    try {
      tokens = loadTokens(source);
    } catch (error) {
      problems.push({
        variable: source.kind === "file" ? "MCP_TOKENS_FILE" : "MCP_TOKENS",
        message: `${(error as Error).message}`,
      });
    }
  }
  const defaultHost = ["0.0.0.0", "::", ""].includes(listen.host) ? "127.0.0.1" : listen.host;
  const rawUrl = env.MCP_PUBLIC_URL?.trim() || `http://${defaultHost}:${listen.port}/mcp`;
  let publicUrl = rawUrl;
  let publicHost: string | undefined;
  try {
    const url = new URL(rawUrl);
    if (!["http:", "https:"].includes(url.protocol) || url.hash || url.search) throw new Error();
    publicUrl = url.href;
    publicHost = url.host.toLowerCase();
  } catch {
    problems.push({
      variable: "MCP_PUBLIC_URL",
      message: `"${rawUrl}" must be the http(s) URL clients use for /mcp, e.g. https://bridge.example.com/mcp`,
    });
  }
  const list = (name: string) =>
    (env[name] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const hosts = list("MCP_ALLOWED_HOSTS").map((h) => h.toLowerCase());
  const origins = list("MCP_ALLOWED_ORIGINS");
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      problems.push({
        variable: "MCP_ALLOWED_ORIGINS",
        message: `"${origin}" must be an origin like https://claude.ai (scheme and host, no path)`,
      });
  }
  const authorizationServers = list("MCP_AUTHORIZATION_SERVERS");
  for (const server of authorizationServers) {
    if (!URL.canParse(server) || !server.startsWith("https://"))
      problems.push({ variable: "MCP_AUTHORIZATION_SERVERS", message: `"${server}" must be an https URL` });
  }
  return {
    enabled: source !== undefined,
    ...(source ? { source } : {}),
    tokens,
    publicUrl,
    allowedHosts: hosts.length ? hosts : [...new Set([...(publicHost ? [publicHost] : []), ...LOOPBACK])],
    allowedOrigins: origins,
    authorizationServers,
    bodyLimitBytes: readNumber(env, "MCP_BODY_LIMIT_BYTES", 1024 * 1024, problems, {
      min: 1024,
      max: 16 * 1024 * 1024,
    }),
  };
}
