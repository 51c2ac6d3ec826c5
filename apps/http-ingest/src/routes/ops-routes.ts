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
}

const withTimeout = <T>(promise: Promise<T>, ms: number, fallback: T) =>
  Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

/** `/healthz` (liveness), `/readyz` (store and helpdesk reachable), `/metrics`, `/openapi.json`. */
export function registerOpsRoutes(app: Hono<AppEnv>, deps: OpsRouteDeps): void {
  const timeout = deps.readyTimeoutMs ?? 2000;
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const [store, helpdesk] = await Promise.all([
      withTimeout(deps.stores.health(), timeout, { ok: false, kind: "store", detail: "no answer in time" }),
      withTimeout(deps.helpdesk.health(), timeout, {
        ok: false,
        kind: "helpdesk",
        latencyMs: timeout,
        detail: "no answer in time",
      }),
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
