import { createHmac } from "node:crypto";
import type { RateLimiter, ReplayGuard } from "@ispn/core";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { SecretSet, safeEqual, secretId } from "../constant-time.ts";
import { HttpError } from "../http-errors.ts";
import { countAuthFailure } from "./auth-failures.ts";

export interface IngestAuthOptions {
  tokens: readonly string[];
  hmacSecrets: readonly string[];
  replay: ReplayGuard;
  /** Counts failed attempts per address: more than `failuresPerMinute` in a minute → 429. */
  limiter: RateLimiter;
  failuresPerMinute?: number;
  clientIp: (c: Context<AppEnv>) => string;
  now: () => number;
  /** How far `x-timestamp` may be from now. Default 5 minutes. */
  windowMs?: number;
}

/**
 * Authenticates ingest calls by `Authorization: Bearer <token>` or `x-auth-token: <token>`
 * (constant-time, several tokens for rotation), or by HMAC: `x-signature: sha256=<hex>` of
 * `<x-timestamp><raw body>` within 5 minutes, each signature accepted once. `x-timestamp` is Unix
 * time in seconds or, as the original bridge signed it (`Date.now()`), in milliseconds.
 * 401 when no credentials are presented, 403 when they are wrong. Must run after `jsonBody`.
 */
export function ingestAuth(options: IngestAuthOptions) {
  const windowMs = options.windowMs ?? 5 * 60_000;
  const failuresPerMinute = options.failuresPerMinute ?? 30;
  const authenticate = authenticator(options, windowMs);
  return createMiddleware<AppEnv>(async (c, next) => {
    const ip = options.clientIp(c);
    c.set("clientId", `ip:${ip}`);
    const refusal = await authenticate(c);
    if (refusal) {
      // A refusal of proven credentials (a valid signature with a skewed clock, or replayed) is the
      // answer that client needs to fix itself: it is neither counted nor hidden behind the lockout.
      if (!refusal.credentialsValid) await countAuthFailure(options, ip, failuresPerMinute);
      throw refusal.error;
    }
    await next();
  });
}

/** Why a request was refused, and whether it presented a valid token or secret all the same. */
interface Refusal {
  error: HttpError;
  credentialsValid: boolean;
}

/** Checks the presented credentials and sets `clientId`; a refusal (401/403) or `undefined` when accepted. */
function authenticator(options: IngestAuthOptions, windowMs: number) {
  const refuse = (
    credentialsValid: boolean,
    code: "unauthorized" | "forbidden",
    message: string,
  ): Refusal => ({
    error: new HttpError(code, message),
    credentialsValid,
  });
  const tokens = new SecretSet(options.tokens);
  return async (c: Context<AppEnv>): Promise<Refusal | undefined> => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
    const token = bearer ?? c.req.header("x-auth-token")?.trim();
    const signature = c.req.header("x-signature")?.trim();
    if (token) {
      const id = tokens.match(token);
      if (id === undefined) return refuse(false, "forbidden", "The token is not valid for this service.");
      c.set("clientId", `token:${id}`);
      return undefined;
    }
    if (signature) {
      const timestamp = c.req.header("x-timestamp")?.trim() ?? "";
      const presented = /^sha256=([0-9a-f]{64})$/i.exec(signature)?.[1]?.toLowerCase();
      const payload = `${timestamp}${c.get("rawBody") ?? ""}`;
      const secret = presented
        ? options.hmacSecrets.find((s) =>
            safeEqual(createHmac("sha256", s).update(payload).digest("hex"), presented),
          )
        : undefined;
      if (!presented || !secret) {
        return refuse(false, "forbidden", "The signature does not match the body and x-timestamp.");
      }
      // The signature is proven: whatever follows is this client's to fix, not a guess.
      const at = timestampMs(timestamp);
      if (at === undefined || Math.abs(options.now() - at) > windowMs) {
        return refuse(
          true,
          "forbidden",
          "x-timestamp must be the current Unix time in seconds or milliseconds (within 5 minutes); check the sender's clock.",
        );
      }
      const fresh = await options.replay.firstSeen({
        key: `ingest-sig:${presented}`,
        ttlMs: 2 * windowMs,
        now: options.now(),
      });
      if (!fresh)
        return refuse(true, "forbidden", "This signature was already used; sign each request anew.");
      c.set("clientId", `hmac:${secretId(secret)}`);
      return undefined;
    }
    return refuse(
      false,
      "unauthorized",
      "Authenticate with Authorization: Bearer <token>, x-auth-token: <token>, or x-signature + x-timestamp.",
    );
  };
}

/**
 * `x-timestamp` in milliseconds: values of 10^11 and above are milliseconds (the original bridge's
 * `Date.now()`), smaller ones seconds; 10^11 s is the year 5138 and 10^11 ms is 1973, so the two
 * ranges cannot be confused. `undefined` unless it is all digits.
 */
function timestampMs(timestamp: string): number | undefined {
  if (!/^\d{1,16}$/.test(timestamp)) return undefined;
  const value = Number(timestamp);
  return value >= 1e11 ? value : value * 1000;
}
