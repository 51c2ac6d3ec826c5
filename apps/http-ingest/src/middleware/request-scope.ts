import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { setAnswerHeader } from "../answer-header.ts";
import type { AppEnv } from "../app-env.ts";
import type { Metrics } from "../metrics.ts";
import { requestContext } from "../request-context.ts";

/**
 * The request id to use: the caller's `X-Request-Id` when well formed (1–255 word characters, `-`
 * or `=`: the rule of Hono's `requestId()`), else a new UUID.
 */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === "string" && given.length > 0 && given.length <= 255 && !/[^\w\-=]/.test(given)
    ? given
    : randomUUID();
}

export interface RequestScopeDeps {
  metrics: Pick<Metrics, "httpRequests" | "httpLatency">;
  logger: Pick<Logger, "info">;
  /** The route label of a path for metrics and logs ("unmatched" for unknown paths). */
  routeOf: (path: string) => string;
}

/**
 * The app's first middleware, one layer for what every request gets: its id (the `requestId`
 * variable, the `X-Request-Id` answer header, and the log context of everything run while serving
 * it), then its answer counted, timed and logged (not for `/healthz` and `/metrics`).
 *
 * The header is set with `setAnswerHeader`: on Node's response when served.
 */
export function requestScope(deps: RequestScopeDeps): MiddlewareHandler<AppEnv> {
  const { metrics, logger, routeOf } = deps;
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", requestId);
    setAnswerHeader(c, "X-Request-Id", requestId);
    await requestContext.run({ requestId }, next);
    const route = routeOf(c.req.path);
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    metrics.httpLatency.observe({ route }, seconds);
    if (route !== "/healthz" && route !== "/metrics") {
      logger.info(
        {
          requestId,
          method: c.req.method,
          route,
          status: c.res.status,
          durationMs: Math.round(seconds * 1000),
          client: c.get("clientId"),
        },
        "request",
      );
    }
  };
}
