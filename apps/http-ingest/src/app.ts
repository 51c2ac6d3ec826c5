import { createSdpMockApp } from "@ispn/helpdesk-mock";
import type { Runtime } from "@ispn/runtime";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { AppEnv } from "./app-env.ts";
import { clientIp } from "./client-ip.ts";
import type { IngestConfig } from "./env.ts";
import { HttpError } from "./http-errors.ts";
import { toHttpError } from "./map-error.ts";
import { createMcpRoutes, type McpRouteDeps } from "./mcp/mcp-route.ts";
import type { Metrics } from "./metrics.ts";
import { ingestAuth } from "./middleware/ingest-auth.ts";
import { jsonBody } from "./middleware/json-body.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { buildOpenApi } from "./openapi.ts";
import { requestContext } from "./request-context.ts";
import { registerHandoffRoute } from "./routes/handoff-route.ts";
import { registerHandoffStatusRoute } from "./routes/handoff-status-route.ts";
import { registerOpsRoutes } from "./routes/ops-routes.ts";
import { registerPostCallRoute } from "./routes/post-call-route.ts";
import { APP_VERSION } from "./version.ts";

export interface AppDeps {
  runtime: Pick<Runtime, "prepare" | "handoffs" | "stores" | "helpdesk" | "config" | "mock" | "breaker">;
  config: Pick<
    IngestConfig,
    | "ingestTokens"
    | "hmacSecrets"
    | "elevenLabsSecrets"
    | "rateLimitPerSecond"
    | "bodyLimitBytes"
    | "webhookBodyLimitBytes"
    | "handoffBudgetMs"
    | "idempotencyTtlMs"
    | "trustProxy"
  >;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  /** True once shutdown began (readiness answers 503). */
  draining?: () => boolean;
  /** The version `/openapi.json` reports; default: the app's package.json version. */
  version?: string;
  /** Remote MCP at `/mcp`: its config and the accepted tokens (absent: `/mcp` is 404). */
  mcp?: Pick<McpRouteDeps, "config" | "tokens">;
}

const ROUTES = new Set([
  "/ingest/oa-handoff",
  "/handoffs/:reference",
  "/webhooks/elevenlabs/post-call",
  "/healthz",
  "/readyz",
  "/metrics",
  "/openapi.json",
  "/mcp",
]);

/** The webhook service as a Hono app, apart from the server that runs it (see `server.ts`). */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const now = deps.now ?? Date.now;
  const { runtime, config, logger, metrics } = deps;
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use((c, next) => requestContext.run({ requestId: c.get("requestId") }, next));
  app.use(secureHeaders());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const path = c.req.path.startsWith("/handoffs/") ? "/handoffs/:reference" : c.req.path;
    const route = ROUTES.has(path) ? path : "unmatched";
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    metrics.httpLatency.observe({ route }, seconds);
    if (route !== "/healthz" && route !== "/metrics") {
      logger.info(
        {
          requestId: c.get("requestId"),
          method: c.req.method,
          route,
          status: c.res.status,
          durationMs: Math.round(seconds * 1000),
          client: c.get("clientId"),
        },
        "request",
      );
    }
  });

  app.onError((error, c) => {
    const http = toHttpError(error);
    const requestId = c.get("requestId") ?? "unknown";
    metrics.errors.inc({ code: http.code });
    const cause = http.cause ?? (http === error ? undefined : error);
    const fields = {
      requestId,
      code: http.code,
      status: http.status,
      cause: cause instanceof Error ? cause.message : undefined,
    };
    if (http.status >= 500) logger.error(fields, "request failed");
    else logger.warn(fields, "request refused");
    if (http.retryAfterSeconds !== undefined) c.header("Retry-After", String(http.retryAfterSeconds));
    return c.json(
      {
        error: {
          code: http.code,
          message: http.message,
          requestId,
          ...(http.details ? { details: http.details } : {}),
        },
      },
      http.status,
    );
  });
  app.notFound((c) => {
    throw new HttpError("not_found", `No route ${c.req.method} ${c.req.path}. See /openapi.json.`);
  });

  app.use("/ingest/*", ...jsonBody(config.bodyLimitBytes));
  app.use("/webhooks/*", ...jsonBody(config.webhookBodyLimitBytes));
  const auth = ingestAuth({
    tokens: config.ingestTokens,
    hmacSecrets: config.hmacSecrets,
    replay: runtime.stores.replay,
    limiter: runtime.stores.rateLimiter,
    clientIp: (c) => clientIp(c, config.trustProxy),
    now,
  });
  const limit = rateLimit({ limiter: runtime.stores.rateLimiter, perSecond: config.rateLimitPerSecond, now });
  app.use("/ingest/*", auth, limit);
  app.use("/handoffs/*", auth, limit);

  registerHandoffRoute(app, {
    runtime,
    stores: runtime.stores,
    logger,
    metrics,
    now,
    budgetMs: config.handoffBudgetMs,
    idempotencyTtlMs: config.idempotencyTtlMs,
  });
  registerHandoffStatusRoute(app, { outbox: runtime.stores.outbox });
  registerPostCallRoute(app, {
    helpdesk: runtime.helpdesk,
    stores: runtime.stores,
    secrets: config.elevenLabsSecrets,
    logger,
    now,
  });
  let openapi: object | undefined;
  registerOpsRoutes(app, {
    stores: runtime.stores,
    helpdesk: runtime.helpdesk,
    breaker: runtime.breaker,
    metrics,
    now,
    draining: deps.draining ?? (() => false),
    openapi: () => {
      openapi ??= buildOpenApi(runtime.config.taxonomy, deps.version ?? APP_VERSION);
      return openapi;
    },
  });
  if (deps.mcp) {
    const version = deps.version ?? APP_VERSION;
    app.route("/", createMcpRoutes({ ...deps.mcp, runtime, logger, version }));
  }
  if (runtime.mock) {
    // Demo only (HELPDESK=mock): the mock's ticket pages at / and its SDP-compatible API, so ticket
    // links work and a person can watch handoffs arrive.
    app.route("/", createSdpMockApp({ helpdesk: runtime.mock }).app);
  }
  return app;
}
