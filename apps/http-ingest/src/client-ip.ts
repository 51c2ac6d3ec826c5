import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";

/**
 * The caller's address: the socket's peer, or — only behind a trusted reverse proxy
 * (`TRUST_PROXY=true`) — the first address of `X-Forwarded-For`. "unknown" when neither exists
 * (e.g. under `app.request()` in tests).
 */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.incoming?.socket?.remoteAddress ?? "unknown";
}
