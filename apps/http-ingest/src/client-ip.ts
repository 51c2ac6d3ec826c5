import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import proxyAddr from "proxy-addr";
import type { AppEnv } from "./app-env.ts";
import { compileTrustProxy, type TrustProxy } from "./trust-proxy.ts";

/**
 * The caller's address, as `proxy-addr` (Express's `trust proxy`) finds it: walking
 * `X-Forwarded-For` from the right, past the socket peer and each trusted proxy, to the first address
 * not trusted. With `TRUST_PROXY=false` it is the socket's peer. "unknown" when there is no socket
 * (e.g. under `app.request()` in tests) and nothing trusted says otherwise.
 */
export function clientIpResolver(trust: TrustProxy): (c: Context<AppEnv>) => string {
  const trusted = compileTrustProxy(trust);
  return (c) => {
    const remoteAddress = c.env?.incoming?.socket?.remoteAddress;
    if (trust.kind === "none") return remoteAddress ?? "unknown";
    // proxy-addr reads only the socket's address and the X-Forwarded-For header.
    const forwardedFor = c.req.header("x-forwarded-for");
    const request = {
      socket: { remoteAddress },
      headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
    } as unknown as IncomingMessage;
    return proxyAddr(request, trusted) || "unknown";
  };
}
