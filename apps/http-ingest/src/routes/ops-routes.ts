import type { Helpdesk, Stores } from "@ispn/core";
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Metrics } from "../metrics.ts";

export interface OpsRouteDeps {
  stores: Pick<Stores, "health">;
  helpdesk: Pick<Helpdesk, "health">;
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

/** `/healthz` (liveness), `/readyz` (store and helpdesk reachable), `/metrics`, `/openapi.json`. */
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
    const [store, helpdesk] = await Promise.all([
      withTimeout(deps.stores.health(), timeout, { ok: false, kind: "store", detail: "no answer in time" }),
      helpdeskHealth(),
    ]);
    const draining = deps.draining();
    const ready = store.ok && helpdesk.ok && !draining;
    return c.json(
      {
        status: ready ? "ready" : "not_ready",
        ...(draining ? { draining: true } : {}),
        checks: {
          store: { ok: store.ok, kind: store.kind, ...(store.detail ? { detail: store.detail } : {}) },
          helpdesk: {
            ok: helpdesk.ok,
            kind: helpdesk.kind,
            ...(helpdesk.detail ? { detail: helpdesk.detail } : {}),
          },
        },
      },
      ready ? 200 : 503,
    );
  });
  app.get("/metrics", (c) =>
    c.text(deps.metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  );
  app.get("/openapi.json", (c) => c.json(deps.openapi()));
}
