import { createHmac } from "node:crypto";
import type { ReplayGuard } from "@ispn/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { matchesAny, safeEqual, secretId } from "../constant-time.ts";
import { HttpError } from "../http-errors.ts";

export interface IngestAuthOptions {
  tokens: readonly string[];
  hmacSecrets: readonly string[];
  replay: ReplayGuard;
  now: () => number;
  /** How far `x-timestamp` may be from now. Default 5 minutes. */
  windowMs?: number;
}

/**
 * Authenticates ingest calls by `Authorization: Bearer <token>` or `x-auth-token: <token>`
 * (constant-time, several tokens for rotation), or by HMAC: `x-signature: sha256=<hex>` of
 * `<x-timestamp><raw body>` within 5 minutes, each signature accepted once.
 * 401 when no credentials are presented, 403 when they are wrong. Must run after `jsonBody`.
 */
export function ingestAuth(options: IngestAuthOptions) {
  const windowMs = options.windowMs ?? 5 * 60_000;
  return createMiddleware<AppEnv>(async (c, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
    const token = bearer ?? c.req.header("x-auth-token")?.trim();
    const signature = c.req.header("x-signature")?.trim();
    if (token) {
      if (options.tokens.length === 0 || !matchesAny(token, options.tokens)) {
        throw new HttpError("forbidden", "The token is not valid for this service.");
      }
      c.set("clientId", `token:${secretId(token)}`);
      return next();
    }
    if (signature) {
      const timestamp = c.req.header("x-timestamp")?.trim() ?? "";
      const seconds = Number(timestamp);
      if (!/^\d+$/.test(timestamp) || Math.abs(options.now() - seconds * 1000) > windowMs) {
        throw new HttpError(
          "forbidden",
          "x-timestamp must be the current Unix time in seconds (within 5 minutes).",
        );
      }
      const presented = /^sha256=([0-9a-f]{64})$/i.exec(signature)?.[1]?.toLowerCase();
      const payload = `${timestamp}${c.get("rawBody")}`;
      const secret = presented
        ? options.hmacSecrets.find((s) =>
            safeEqual(createHmac("sha256", s).update(payload).digest("hex"), presented),
          )
        : undefined;
      if (!presented || !secret) throw new HttpError("forbidden", "The signature does not match the body.");
      const fresh = await options.replay.firstSeen({
        key: `ingest-sig:${presented}`,
        ttlMs: 2 * windowMs,
        now: options.now(),
      });
      if (!fresh)
        throw new HttpError("forbidden", "This signature was already used; sign each request anew.");
      c.set("clientId", `hmac:${secretId(secret)}`);
      return next();
    }
    throw new HttpError(
      "unauthorized",
      "Authenticate with Authorization: Bearer <token>, x-auth-token: <token>, or x-signature + x-timestamp.",
    );
  });
}
