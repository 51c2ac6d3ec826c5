import type { Helpdesk, Stores } from "@ispn/core";
import type { Runtime } from "@ispn/runtime";
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Metrics } from "../metrics.ts";

export interface OpsRouteDeps {
  stores: Pick<Stores, "health" | "outbox">;
  helpdesk: Pick<Helpdesk, "health">;
  breaker: Runtime["breaker"];
  metrics: Metrics;
  openapi: () => object;
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  draining: () => boolean;
  readyTimeoutMs?: number;
  /**
   * How long a helpdesk health answer is reused. Every probe of every replica would otherwise be an
   * API call to the helpdesk (SDP counts them), and one blip would fail all replicas at once.
   */
  helpdeskHealthTtlMs?: number;
  now?: () => number;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, fallback: T) =>
  Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

/**
 * `/healthz` (liveness), `/readyz`, `/metrics`, `/openapi.json`. Readiness is 503 when the store
 * cannot keep handoffs (or while draining); with the store up but the helpdesk failing it is 200
 * `degraded`: handoffs are queued in the outbox and delivered later, so traffic should keep coming.
 */
export function registerOpsRoutes(app: Hono<AppEnv>, deps: OpsRouteDeps): void {
  const timeout = deps.readyTimeoutMs ?? 2000;
  const ttl = deps.helpdeskHealthTtlMs ?? 15_000;
  const now = deps.now ?? Date.now;
  let cached: { at: number; report: Promise<{ ok: boolean; kind: string; detail?: string }> } | undefined;
  const helpdeskHealth = () => {
    if (!cached || now() - cached.at >= ttl) {
      cached = {
        at: now(),
        report: withTimeout(deps.helpdesk.health(), timeout, {
          ok: false,
          kind: "helpdesk",
          latencyMs: timeout,
          detail: "no answer in time",
        }),
      };
    }
    return cached.report;
  };
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const [store, helpdesk, outbox] = await Promise.all([
      withTimeout(deps.stores.health(), timeout, { ok: false, kind: "store", detail: "no answer in time" }),
      helpdeskHealth(),
      withTimeout(deps.stores.outbox.stats(), timeout, undefined).catch(() => undefined),
    ]);
    const draining = deps.draining();
    const breaker = deps.breaker.state();
    const ready = store.ok && !draining;
    const degraded = ready && (!helpdesk.ok || breaker !== "closed");
    return c.json(
      {
        status: !ready ? "not_ready" : degraded ? "degraded" : "ready",
        ...(draining ? { draining: true } : {}),
        checks: {
          store: { ok: store.ok, kind: store.kind, ...(store.detail ? { detail: store.detail } : {}) },
          helpdesk: {
            ok: helpdesk.ok,
            kind: helpdesk.kind,
            circuit: breaker,
            ...(helpdesk.detail ? { detail: helpdesk.detail } : {}),
          },
          ...(outbox
            ? {
                outbox: {
                  depth: outbox.depth,
                  oldestAgeSeconds:
                    outbox.oldestQueuedAt === undefined
                      ? 0
                      : Math.round((now() - outbox.oldestQueuedAt) / 1000),
                },
              }
            : {}),
        },
      },
      ready ? 200 : 503,
    );
  });
  app.get("/metrics", async (c) => {
    const outbox = await withTimeout(deps.stores.outbox.stats(), timeout, undefined).catch(() => undefined);
    if (outbox) {
      deps.metrics.outboxDepth.set({}, outbox.depth);
      const age = outbox.oldestQueuedAt === undefined ? 0 : (now() - outbox.oldestQueuedAt) / 1000;
      deps.metrics.outboxOldestAge.set({}, Math.max(0, age));
    }
    return c.text(await deps.metrics.render(), 200, { "Content-Type": deps.metrics.contentType });
  });
  app.get("/openapi.json", (c) => c.json(deps.openapi()));
}
