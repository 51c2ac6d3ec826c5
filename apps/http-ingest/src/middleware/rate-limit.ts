import type { RateLimiter } from "@ispn/core";
import { createMiddleware } from "hono/factory";
import { setAnswerHeader } from "../answer-header.ts";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-errors.ts";

/**
 * Fixed one-second windows per client (`clientId`), with the IETF RateLimit headers
 * (`RateLimit-Policy: "default";q=10;w=1`, `RateLimit: "default";r=4;t=1`, set with
 * `setAnswerHeader`); 429 with Retry-After.
 */
export function rateLimit(options: { limiter: RateLimiter; perSecond: number; now: () => number }) {
  const windowMs = 1000;
  return createMiddleware<AppEnv>(async (c, next) => {
    const result = await options.limiter.hit({
      key: `rl:${c.get("clientId")}`,
      limit: options.perSecond,
      windowMs,
      now: options.now(),
    });
    const resetSeconds = Math.max(1, Math.ceil(result.resetMs / 1000));
    setAnswerHeader(c, "RateLimit-Policy", `"default";q=${options.perSecond};w=1`);
    setAnswerHeader(c, "RateLimit", `"default";r=${result.remaining};t=${resetSeconds}`);
    if (!result.allowed) {
      throw new HttpError("rate_limited", `More than ${options.perSecond} requests per second; slow down.`, {
        retryAfterSeconds: resetSeconds,
      });
    }
    await next();
  });
}
