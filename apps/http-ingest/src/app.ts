import { createSdpMockApp } from "@ispn/helpdesk-mock";
import type { Runtime } from "@ispn/runtime";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { AppEnv } from "./app-env.ts";
import { clientIpResolver } from "./client-ip.ts";
import type { IngestConfig } from "./env.ts";
import { errorEnvelope, HttpError } from "./http-errors.ts";
import { toHttpError } from "./map-error.ts";
import { createMcpRoutes, type McpRouteDeps } from "./mcp/mcp-route.ts";
import type { Metrics } from "./metrics.ts";
import { allowMethods } from "./middleware/allowed-methods.ts";
import { ByteBudget } from "./middleware/byte-budget.ts";
import { demoGate } from "./middleware/demo-gate.ts";
import { ingestAuth } from "./middleware/ingest-auth.ts";
import { jsonBody } from "./middleware/json-body.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { requestScope } from "./middleware/request-scope.ts";
import { buildOpenApi } from "./openapi.ts";
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
    | "webhookBodyBudgetBytes"
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

/**
 * The webhook service as a Hono app, apart from the server that runs it (see `server.ts`, which also
 * puts the secure headers on every answer).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const now = deps.now ?? Date.now;
  const { runtime, config, logger, metrics } = deps;
  const app = new Hono<AppEnv>();

  app.use(
    requestScope({
      metrics,
      logger,
      routeOf(path) {
        const route = path.startsWith("/handoffs/") ? "/handoffs/:reference" : path;
        return ROUTES.has(route) ? route : "unmatched";
      },
    }),
  );

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
    if (http.status === 499) logger.info(fields, "client closed the request");
    else if (http.status >= 500) logger.error(fields, "request failed");
    else logger.warn(fields, "request refused");
    if (http.retryAfterSeconds !== undefined) c.header("Retry-After", String(http.retryAfterSeconds));
    for (const [name, value] of Object.entries(http.headers)) c.header(name, value);
    // The body was refused unread: end the connection rather than drain what the client still sends.
    if (http.closeConnection) c.header("Connection", "close");
    return c.json(
      errorEnvelope(http, requestId),
      // 499 (client closed the request) is no registered status; Hono types name it "unofficial".
      http.status as ContentfulStatusCode,
    );
  });
  app.notFound((c) => {
    throw new HttpError("not_found", `No route ${c.req.method} ${c.req.path}. See /openapi.json.`);
  });

  // Before anything that reads a body or asks for credentials: a wrong method is a 405 with Allow.
  app.use("/ingest/oa-handoff", allowMethods("POST"));
  app.use("/webhooks/elevenlabs/post-call", allowMethods("POST"));
  app.use("/handoffs/*", allowMethods("GET"));
  for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) app.use(path, allowMethods("GET"));

  app.use("/ingest/oa-handoff", jsonBody({ maxBytes: config.bodyLimitBytes }));
  const clientIp = clientIpResolver(config.trustProxy);
  const auth = ingestAuth({
    tokens: config.ingestTokens,
    hmacSecrets: config.hmacSecrets,
    replay: runtime.stores.replay,
    limiter: runtime.stores.rateLimiter,
    clientIp,
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
    maxBytes: config.webhookBodyLimitBytes,
    budget: new ByteBudget(config.webhookBodyBudgetBytes),
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
      openapi ??= buildOpenApi(runtime.config.taxonomy, deps.version ?? APP_VERSION, {
        mcp: deps.mcp !== undefined,
      });
      return openapi;
    },
  });
  if (deps.mcp) {
    const version = deps.version ?? APP_VERSION;
    app.route("/", createMcpRoutes({ ...deps.mcp, runtime, logger, version }));
  }
  if (runtime.mock) {
    // Demo only (HELPDESK=mock): the mock's ticket pages (so ticket links work and a person can watch
    // handoffs arrive) and its fault controls, behind the ingest token. Its SDP-compatible API and
    // token endpoint are not served here: the app calls the mock in process (`pnpm mock` serves them).
    const mock = createSdpMockApp({ helpdesk: runtime.mock }).app;
    const toMock = (c: { req: { raw: Request } }) => mock.fetch(c.req.raw);
    const gate = demoGate({
      tokens: config.ingestTokens,
      limiter: runtime.stores.rateLimiter,
      clientIp,
      now,
    });
    app.use("/", allowMethods("GET"));
    app.get("/", gate, toMock);
    app.use("/app/:portal/ui/requests/:id/details", allowMethods("GET"));
    app.get("/app/:portal/ui/requests/:id/details", gate, toMock);
    app.use("/_mock/faults", allowMethods("GET", "PUT", "DELETE"));
    app.on(["GET", "PUT", "DELETE"], "/_mock/faults", gate, toMock);
  }
  return app;
}
