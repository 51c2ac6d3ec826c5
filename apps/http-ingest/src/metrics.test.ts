import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createMemoryStores, StoreError, type Stores } from "@ispn/core";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { readCommonConfig } from "@ispn/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff, TOKEN } from "../test/harness.ts";
import { checkExposition, sample } from "../test/metrics/exposition.ts";
import { createIngestRuntime } from "./compose.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";

const METRICS_MODULE = fileURLToPath(new URL("./metrics.ts", import.meta.url));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const metricsText = async (harness: Harness) => (await harness.app.request("/metrics")).text();

/** `target` whose methods reject with StoreError while `down()` says so. */
function failing<T extends object>(target: T, down: () => boolean, what: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        down() ? Promise.reject(new StoreError(`${what} unavailable`)) : value.apply(object, args);
    },
  });
}

describe("GET /metrics", () => {
  it("passes `promtool check metrics` after traffic of every kind", async () => {
    h = await createHarness();
    await postHandoff(h, handoffBody({ conversationId: "conv_m1" }));
    await postHandoff(h, handoffBody({ conversationId: "conv_m2" }));
    await postHandoff(h, { note: "" });
    await postHandoff(h, handoffBody(), { authorization: "Bearer wrong" });
    await h.app.request("/readyz");
    const text = await metricsText(h);
    const check = checkExposition(text);
    // promtool where installed (CI installs it and sets PROMTOOL_REQUIRED), else the parser fallback
    const checker = process.env.PROMTOOL_REQUIRED === "1" ? "promtool" : check.checker;
    expect(check).toEqual({ checker, problems: [] });
  });

  it("carries Node's process metrics and event-loop lag under the ispn_ prefix", async () => {
    h = await createHarness();
    const text = await metricsText(h);
    for (const name of [
      "ispn_process_cpu_seconds_total",
      "ispn_process_resident_memory_bytes",
      "ispn_nodejs_heap_size_used_bytes",
      "ispn_nodejs_eventloop_lag_seconds",
      "ispn_nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).not.toMatch(/^(?!ispn_)[a-z_]+(\{[^}]*\})? [-0-9.e+]+$/m);
  });

  it("resolves handoff latency around the 2 s goal: buckets every quarter second from 0.5 to 2 s", async () => {
    h = await createHarness();
    await postHandoff(h, handoffBody());
    const text = await metricsText(h);
    const les = [
      ...text.matchAll(
        /^ispn_http_request_duration_seconds_bucket\{le="([^"]+)",route="\/ingest\/oa-handoff"\}/gm,
      ),
    ].map((m) => m[1]);
    expect(les).toEqual(expect.arrayContaining(["0.5", "0.75", "1", "1.25", "1.5", "1.75", "2", "2.5"]));
  });
});

describe("the failed-handoff counter in a fault run", () => {
  it("equals the handoffs refused, whatever failed (outbox, dedup and outbox, idempotency store)", async () => {
    const stores = createMemoryStores();
    const down = { outbox: false, dedup: false, idempotency: false };
    const faulty: Stores = {
      ...stores,
      dedup: failing(stores.dedup, () => down.dedup, "dedup store"),
      idempotency: failing(stores.idempotency, () => down.idempotency, "idempotency store"),
      outbox: new Proxy(stores.outbox, {
        get(object, property, receiver) {
          const value = Reflect.get(object, property, receiver);
          if (property !== "enqueue" || typeof value !== "function") return value;
          return (...args: unknown[]) =>
            down.outbox ? Promise.reject(new StoreError("outbox unavailable")) : value.apply(object, args);
        },
      }),
    };
    h = await createHarness({}, { stores: faulty, breaker: { failures: 1000 } });
    const harness = h;

    // each mode: what is broken while one handoff is posted
    const modes = [
      { name: "healthy" },
      { name: "helpdesk outage (queued)", outage: true },
      { name: "helpdesk errors (queued)", errorRate: 1 },
      { name: "helpdesk outage, outbox down", outage: true, outbox: true },
      { name: "dedup store and outbox down", dedup: true, outbox: true },
      { name: "idempotency store down", idempotency: true, key: true },
      { name: "dedup store down alone (queued)", dedup: true },
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const mode = modes[i % modes.length]!;
      harness.helpdesk.faults.set({ outage: mode.outage === true, errorRate: mode.errorRate ?? 0 });
      down.outbox = mode.outbox === true;
      down.dedup = mode.dedup === true;
      down.idempotency = mode.idempotency === true;
      const res = await postHandoff(harness, handoffBody({ callerNumber: `+1415555${String(1000 + i)}` }), {
        authorization: `Bearer ${TOKEN}`,
        ...(mode.key ? { "idempotency-key": `fault-run-${i}` } : {}),
      });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    down.outbox = down.dedup = down.idempotency = false;
    harness.helpdesk.faults.reset();

    const refused = statuses.filter((s) => s >= 500).length;
    const answered = statuses.filter((s) => s === 200).length;
    expect(refused).toBe(15); // 3 failing modes × 5 rounds
    expect(answered).toBe(20);
    const text = await metricsText(harness);
    expect(sample(text, 'ispn_handoffs_total{outcome="failed"}')).toBe(refused);
    const landedOrQueued = ["created", "existing", "queued"]
      .map((outcome) => sample(text, `ispn_handoffs_total{outcome="${outcome}"}`) ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(landedOrQueued).toBe(answered);
    expect(sample(text, 'ispn_errors_total{code="store_unavailable"}')).toBe(refused);
    expect(checkExposition(text).problems).toEqual([]);
  });
});

describe("SDP metrics", () => {
  it("count token mints and SDP API calls by operation and outcome", async () => {
    const mock = await startSdpMockServer();
    const metrics = createMetrics();
    const common = readCommonConfig({
      STORE_URL: "memory:",
      HELPDESK: "sdp",
      SDP_BASE_URL: mock.url,
      SDP_PORTAL: mock.portal,
      SDP_ACCOUNTS_URL: mock.accountsUrl,
      SDP_CLIENT_ID: "1000.mockclient",
      SDP_CLIENT_SECRET: "mocksecret",
      SDP_REFRESH_TOKEN: "1000.mockrefresh",
    });
    const harness = await createHarness({ common });
    const runtime = await createIngestRuntime({
      config: harness.config,
      logger: createLogger("silent"),
      metrics,
      stores: createMemoryStores(),
    });
    try {
      const prepared = runtime.prepare(handoffBody());
      if (!prepared.ok) throw new Error("fixture");
      await runtime.handoffs.submit(prepared.value);
      await runtime.helpdesk.getTicket("999999999").catch(() => undefined);
      const text = await metrics.render();
      expect(sample(text, 'ispn_sdp_token_mints_total{outcome="ok"}')).toBe(1);
      expect(
        sample(text, 'ispn_sdp_api_request_duration_seconds_count{operation="POST /requests",outcome="ok"}'),
      ).toBe(1);
      expect(
        sample(
          text,
          'ispn_sdp_api_request_duration_seconds_count{operation="GET /requests/:id",outcome="not_found"}',
        ),
      ).toBeGreaterThanOrEqual(1);
      expect(checkExposition(text).problems).toEqual([]);
    } finally {
      await runtime.close();
      await harness.close();
      await mock.close();
    }
  });
});

describe("the metrics of an idle process", () => {
  it("wake it about 10 times a second to sample the event-loop lag, not 100", () => {
    // A fresh process with only the metrics: how often it blocks and is woken in 1 s of idling.
    const script = `
      const { createMetrics } = await import(${JSON.stringify(METRICS_MODULE)});
      const metrics = createMetrics();
      await new Promise((r) => setTimeout(r, 300));
      const before = process.resourceUsage().voluntaryContextSwitches;
      await new Promise((r) => setTimeout(r, 1000));
      const wakeups = process.resourceUsage().voluntaryContextSwitches - before;
      const text = await metrics.render();
      process.stdout.write(wakeups + " " + /^ispn_nodejs_eventloop_lag_p99_seconds \\S+$/m.test(text));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const [wakeups, lagReported] = run.stdout.split(" ");
    // Sampling every 10 ms (prom-client's default) wakes it ≈ 100 times; every 100 ms, ≈ 10.
    expect(Number(wakeups)).toBeLessThan(40);
    expect(lagReported).toBe("true");
  });
});
