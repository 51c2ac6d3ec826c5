import type { MiddlewareHandler } from "hono";

/** A JSON-RPC error answer outside any request (id null), as the MCP transport itself sends them. */
export function jsonRpcError(
  status: 400 | 401 | 403 | 404 | 405 | 413,
  message: string,
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** True when `host` (a Host header) is one of `allowed` (entries without a port match any port). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const value = host.trim().toLowerCase();
  const name = value.startsWith("[") ? value.slice(0, value.indexOf("]") + 1) : value.split(":")[0]!;
  return allowed.some((entry) => entry === value || (!/:\d+$/.test(entry) && entry === name));
}

/**
 * DNS-rebinding protection (MCP spec 2025-11-25, Streamable HTTP "Security Warning"): the Host must
 * be one this server is reached by, and a browser's Origin must be one allowed explicitly. Both
 * answer 403 before the token is looked at.
 */
export function originAndHostGuard(options: {
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (!hostAllowed(host, options.allowedHosts)) {
      return jsonRpcError(
        403,
        `Host "${host}" is not allowed for /mcp; the operator lists the server's public host in MCP_PUBLIC_URL or MCP_ALLOWED_HOSTS`,
      );
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !options.allowedOrigins.includes(origin)) {
      return jsonRpcError(
        403,
        `Origin "${origin}" is not allowed for /mcp; the operator can allow it in MCP_ALLOWED_ORIGINS`,
      );
    }
    await next();
    return undefined;
  };
}
