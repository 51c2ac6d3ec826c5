import type { Context } from "hono";
import { bearerChallenge } from "./protected-resource.ts";
import { jsonRpcError } from "./request-guards.ts";
import type { TokenEntry } from "./token-file.ts";
import type { TokenRegistry } from "./token-registry.ts";

/**
 * The token entry of a request's `Authorization: Bearer …`, or the 401 to answer: without a token
 * (`WWW-Authenticate: Bearer resource_metadata="…"`, so the client can discover how to get one)
 * or with one nobody holds (plus `error="invalid_token"`).
 */
export function authenticate(
  c: Context,
  tokens: TokenRegistry,
  resource: string,
): { entry: TokenEntry; token: string } | { response: Response } {
  const header = c.req.header("authorization") ?? "";
  // "Bearer <token>"; a bare token is accepted too, since not every client (ElevenLabs' MCP
  // `secret_token`, for one, is documented only as "the Authorization header") says the scheme
  const match = /^(?:Bearer\s+)?(\S+)\s*$/i.exec(header.trim());
  if (!match) {
    return {
      response: jsonRpcError(401, "Authorization required: send Authorization: Bearer <your MCP token>", {
        "www-authenticate": bearerChallenge(resource),
      }),
    };
  }
  const entry = tokens.verify(match[1]!);
  if (!entry) {
    return {
      response: jsonRpcError(401, "The MCP token is unknown or revoked; ask the operator for a new one", {
        "www-authenticate": bearerChallenge(resource, "invalid_token"),
      }),
    };
  }
  return { entry, token: match[1]! };
}
