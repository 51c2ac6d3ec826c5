import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff, TOKEN } from "../test/harness.ts";
import { createApp } from "./app.ts";
import { createLogger } from "./logger.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("the HTTP surface", () => {
  it("refuses a body that is not JSON (415) or malformed JSON (400)", async () => {
    h = await createHarness();
    const text = await h.app.request("/ingest/oa-handoff", {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${TOKEN}` },
      body: "hello",
    });
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe("unsupported_media_type");
    const broken = await postHandoff(h, "{not json");
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
  });

  it("refuses a body over the limit (413)", async () => {
    h = await createHarness({ bodyLimitBytes: 1024 });
    const res = await postHandoff(h, handoffBody({ padding: "x".repeat(5000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("puts a request id on every answer, errors included, and keeps a proxy's", async () => {
    h = await createHarness();
    for (const res of [
      await h.app.request("/healthz"),
      await h.app.request("/nope"),
      await postHandoff(h, handoffBody(), {}),
    ]) {
      expect(res.headers.get("x-request-id")).toMatch(/\S{8,}/);
    }
    const given = await h.app.request("/healthz", { headers: { "x-request-id": "req-from-proxy-1" } });
    expect(given.headers.get("x-request-id")).toBe("req-from-proxy-1");
  });

  it("answers unknown routes with the error envelope", async () => {
    h = await createHarness();
    const res = await h.app.request("/nope");
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toEqual({
      error: {
        code: "not_found",
        message: expect.stringContaining("/nope"),
        requestId: res.headers.get("x-request-id"),
      },
    });
  });

  it("logs each request with its id, route and status", async () => {
    h = await createHarness();
    const res = await postHandoff(h, handoffBody());
    const line = h.logs().find((l) => l.msg === "request" && l.requestId === res.headers.get("x-request-id"));
    expect(line).toMatchObject({ route: "/ingest/oa-handoff", status: 200, method: "POST" });
  });
});

describe("with the mock helpdesk (the embedded default)", () => {
  it("serves the mock's ticket page, so ticket links work and handoffs can be watched arriving", async () => {
    h = await createHarness();
    const app = createApp({
      runtime: { ...h.runtime, mock: h.helpdesk },
      config: h.config,
      logger: createLogger("silent"),
      metrics: h.metrics,
    });
    const created = await postHandoff({ app }, handoffBody({ conversationId: "conv_ui" }));
    const { ticketId, ticketNumber } = await created.json();
    const page = await app.request("/", { headers: { "x-auth-token": TOKEN } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Customer unable to connect after power outage");
    expect(html).toContain(ticketNumber);
    const detail = await app.request(`/app/itdesk/ui/requests/${ticketId}/details`, {
      headers: { "x-auth-token": TOKEN },
    });
    expect(detail.status).toBe(200);
  });
});

describe("request ids in logs", () => {
  it("tags lines logged by the handoff service itself with the request's id", async () => {
    h = await createHarness();
    const first = await (await postHandoff(h, handoffBody({ conversationId: "conv_log_1" }))).json();
    await h.helpdesk.closeTicket(first.ticketId, { closureCode: "Success", resolution: "fixed" });
    const res = await postHandoff(h, handoffBody({ conversationId: "conv_log_2" }));
    const serviceLine = h.logs().find((l) => l.msg === "dedup window ended: ticket closed or gone");
    expect(serviceLine).toBeDefined();
    expect(serviceLine?.requestId).toBe(res.headers.get("x-request-id"));
  });
});
