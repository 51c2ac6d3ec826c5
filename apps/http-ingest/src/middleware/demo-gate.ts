import { createHmac } from "node:crypto";
import type { RateLimiter } from "@ispn/core";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { matchesAny } from "../constant-time.ts";
import { HttpError } from "../http-errors.ts";
import { countAuthFailure } from "./auth-failures.ts";

export interface DemoGateOptions {
  /** The ingest tokens (`INGEST_TOKENS`, or the one generated for a demo run). */
  tokens: readonly string[];
  /** Counts failed attempts per address with the ingest routes' failed-authentication limit. */
  limiter: RateLimiter;
  clientIp: (c: Context<AppEnv>) => string;
  now: () => number;
  failuresPerMinute?: number;
}

const COOKIE = "ispn_demo";

/** What the cookie holds: derived from the token, so the cookie alone is no ingest credential. */
const cookieOf = (token: string) => createHmac("sha256", token).update("ispn-demo-pages").digest("base64url");

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function loginPage(path: string, wrong: boolean): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Helpdesk mock · sign in</title>
<style>body{font:14px system-ui,sans-serif;margin:3rem auto;max-width:28rem}input{font:inherit;width:100%;margin:.4rem 0}</style>
</head><body><h1>Helpdesk mock</h1>
<p>The demo's ticket pages show caller numbers and call summaries: sign in with the ingest token
(the one <code>pnpm start</code> printed, or one of <code>INGEST_TOKENS</code>).</p>
${wrong ? "<p><strong>That token is not valid for this service.</strong></p>" : ""}
<form method="get" action="${escapeHtml(path)}"><input type="password" name="token" autocomplete="current-password" autofocus placeholder="ingest token"><input type="submit" value="Sign in"></form>
</body></html>`;
}

/**
 * Guards the demo's mock helpdesk routes (HELPDESK=mock: ticket pages, fault controls) with the
 * ingest token: `Authorization: Bearer <token>` or `x-auth-token` (scripts), or in a browser
 * `?token=<token>` once, which sets an HttpOnly, SameSite=Strict cookie and redirects to the same
 * page without the token. Otherwise 401: a sign-in form for a browser, the JSON error for others.
 * Wrong tokens count toward the failed-authentication lockout of the address.
 */
export function demoGate(options: DemoGateOptions) {
  const cookies = options.tokens.map(cookieOf);
  const failuresPerMinute = options.failuresPerMinute ?? 30;
  const countFailure = (c: Context<AppEnv>) =>
    countAuthFailure(options, options.clientIp(c), failuresPerMinute);
  return createMiddleware<AppEnv>(async (c, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
    const presented = bearer ?? c.req.header("x-auth-token")?.trim();
    if (presented !== undefined) {
      if (matchesAny(presented, options.tokens)) return next();
      await countFailure(c);
      throw new HttpError("forbidden", "The token is not valid for this service.");
    }
    const fromQuery = c.req.query("token");
    if (fromQuery !== undefined && (c.req.method === "GET" || c.req.method === "HEAD")) {
      if (matchesAny(fromQuery, options.tokens)) {
        setCookie(c, COOKIE, cookieOf(fromQuery), { httpOnly: true, sameSite: "Strict", path: "/" });
        const url = new URL(c.req.url);
        url.searchParams.delete("token");
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      await countFailure(c);
      return c.html(loginPage(c.req.path, true), 403);
    }
    const cookie = getCookie(c, COOKIE);
    if (cookie !== undefined && matchesAny(cookie, cookies)) return next();
    if (
      (c.req.method === "GET" || c.req.method === "HEAD") &&
      /text\/html/i.test(c.req.header("accept") ?? "")
    ) {
      return c.html(loginPage(c.req.path, false), 401);
    }
    throw new HttpError(
      "unauthorized",
      "The demo's mock helpdesk routes need the ingest token: Authorization: Bearer <token> or x-auth-token: <token>; in a browser, open /?token=<token> once.",
    );
  });
}
