import type { Env, Hono } from "hono";
import { SCOPES } from "./token-file.ts";

/** Where the protected-resource metadata of `resource` lives (RFC 9728 §3.1: path-suffixed form). */
export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** The `WWW-Authenticate` value of a 401 from `/mcp` (RFC 6750 §3, RFC 9728 §5.1). */
export function bearerChallenge(resource: string, error?: "invalid_token"): string {
  const parts = [`resource_metadata="${metadataUrl(resource)}"`];
  if (error) parts.push(`error="${error}"`, `error_description="The access token is unknown or revoked"`);
  return `Bearer ${parts.join(", ")}`;
}

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for `/mcp`, at the well-known path and its
 * path-suffixed form, so spec-following MCP clients learn how to authenticate.
 */
export function registerProtectedResourceMetadata<E extends Env>(
  app: Hono<E>,
  options: { resource: string; authorizationServers: readonly string[]; documentation?: string },
): void {
  const document = {
    resource: options.resource,
    resource_name: "ISPN Helpdesk MCP",
    bearer_methods_supported: ["header"],
    scopes_supported: [...SCOPES],
    ...(options.authorizationServers.length
      ? { authorization_servers: [...options.authorizationServers] }
      : {}),
    ...(options.documentation ? { resource_documentation: options.documentation } : {}),
  };
  const path = new URL(metadataUrl(options.resource)).pathname;
  const paths = [...new Set(["/.well-known/oauth-protected-resource", path])];
  for (const p of paths) app.get(p, (c) => c.json(document, 200, { "cache-control": "max-age=3600" }));
}
