import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff } from "../../test/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("operations endpoints", () => {
  it("/healthz answers while the process runs", async () => {
    h = await createHarness();
    const res = await h.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 200 when store and helpdesk answer, 200 degraded when only the helpdesk is down, 503 when draining", async () => {
    h = await createHarness();
    const ready = await h.app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { store: { ok: true, kind: "memory" }, helpdesk: { ok: true, kind: "mock" } },
    });
    h.helpdesk.faults.set({ outage: true });
    // the helpdesk's answer is reused for 15 s, so probes do not each cost a helpdesk API call
    expect((await h.app.request("/readyz")).status).toBe(200);
    h.clock.now += 15_000;
    const down = await h.app.request("/readyz");
    // handoffs are kept in the outbox meanwhile: keep sending traffic
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({
      status: "degraded",
      checks: { helpdesk: { ok: false, circuit: "closed" }, outbox: { depth: 0, oldestAgeSeconds: 0 } },
    });
    h.helpdesk.faults.reset();
    h.clock.now += 15_000;
    expect((await h.app.request("/readyz")).status).toBe(200);
    h.draining.value = true;
    expect((await h.app.request("/readyz")).status).toBe(503);
  });

  it("/metrics counts requests by route and status, handoffs by outcome and helpdesk latency", async () => {
    h = await createHarness();
    await postHandoff(h, handoffBody());
    await postHandoff(h, handoffBody());
    await postHandoff(h, { note: "x" });
    const text = await (await h.app.request("/metrics")).text();
    expect(text).toContain(
      'ispn_http_requests_total{route="/ingest/oa-handoff",method="POST",status="200"} 2',
    );
    expect(text).toContain(
      'ispn_http_requests_total{route="/ingest/oa-handoff",method="POST",status="400"} 1',
    );
    expect(text).toContain('ispn_handoffs_total{outcome="created"} 1');
    expect(text).toContain('ispn_handoffs_total{outcome="existing"} 1');
    expect(text).toContain("ispn_outbox_depth 0");
    expect(text).toContain("ispn_helpdesk_circuit_state 0");
    expect(text).toContain('ispn_errors_total{code="invalid_request"} 1');
    expect(text).toMatch(
      /ispn_helpdesk_request_duration_seconds_count\{operation="createTicket",outcome="ok"\} 1/,
    );
  });

  it("/openapi.json describes the handoff contract from the zod schemas, with the category list", async () => {
    h = await createHarness();
    const doc = await (await h.app.request("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    const input = doc.components.schemas.HandoffInput;
    expect(input.required).toEqual(["note"]);
    const category = input.properties.category.anyOf.find((b: { type: string }) => b.type === "string");
    expect(category.examples).toContain("WiFi");
    expect(new RegExp(category.pattern, "u").test("wi-fi")).toBe(true);
    expect(doc.components.schemas.HandoffResult.properties.spokenSummary.type).toBe("string");
    expect(Object.keys(doc.paths["/ingest/oa-handoff"].post.responses)).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "409", "413", "415", "422", "429", "503"]),
    );
  });
});
