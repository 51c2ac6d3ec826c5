import { describe, expect, it } from "vitest";
import { ACCEPT, type Body, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

describe("API headers", () => {
  it("answers an HTML page, not JSON, without the SDP Accept header or with plain JSON", async () => {
    const f = await sdpFixture();
    for (const accept of [undefined, "application/json", "*/*"]) {
      const headers: Record<string, string> = { authorization: `Zoho-oauthtoken ${f.token}` };
      if (accept) headers.accept = accept;
      const res = await f.app.request("/app/itdesk/api/v3/requests", { headers });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/<html/);
    }
  });

  it("accepts the shorter application/v3+json that a shipped integration sends", async () => {
    const f = await sdpFixture();
    const res = await f.call("GET", "/requests", { headers: { accept: "application/v3+json" } });
    expect(res.status).toBe(200);
  });

  it("answers 401 with 4022 for a missing, unknown or Bearer token", async () => {
    const f = await sdpFixture();
    const cases: Record<string, string>[] = [
      {},
      { authorization: "Zoho-oauthtoken 1000.not.issued" },
      { authorization: `Bearer ${f.token}` },
    ];
    for (const auth of cases) {
      const res = await f.app.request("/api/v3/requests", { headers: { accept: ACCEPT, ...auth } });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Body;
      expect(body.response_status).toMatchObject({ status_code: 4000, status: "failed" });
      expect(body.response_status.messages[0].status_code).toBe(4022);
    }
  });

  it("accepts Bearer when acceptBearer is on", async () => {
    const f = await sdpFixture({ acceptBearer: true });
    const res = await f.app.request("/api/v3/requests", {
      headers: { accept: ACCEPT, authorization: `Bearer ${f.token}` },
    });
    expect(res.status).toBe(200);
  });

  it("answers an HTML 404 page for a portal that does not exist and for an unknown route", async () => {
    const f = await sdpFixture();
    const wrongPortal = await f.call("GET", "/requests", { prefix: "/app/otherdesk/api/v3" });
    expect(wrongPortal.status).toBe(404);
    expect(wrongPortal.headers.get("content-type")).toMatch(/text\/html/);
    const unknown = await f.call("GET", "/no_such_module");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("answers 404 with 4007 Invalid URL for an unknown portal when asked to (the JSON form SDP users report)", async () => {
    const f = await sdpFixture({ unknownPortal: "json" });
    const wrongPortal = await f.json("GET", "/requests", { prefix: "/app/otherdesk/api/v3" });
    expect(wrongPortal.status).toBe(404);
    expect(wrongPortal.body.response_status.messages[0]).toMatchObject({
      status_code: 4007,
      message: "Invalid URL",
    });
  });
});

describe("faults over HTTP", () => {
  it("an outage answers 503 on the API but not on the token endpoint or the page", async () => {
    const f = await sdpFixture({ helpdeskOptions: { faults: { outage: true } } });
    const res = await f.call("GET", "/requests");
    expect(res.status).toBe(503);
    expect((await f.mint()).access_token).toMatch(/^1000\./);
    expect((await f.app.request("/")).status).toBe(200);
  });

  it("rate limiting answers 429 with 4015 in the 4000 wrapper and Retry-After", async () => {
    const f = await sdpFixture();
    f.helpdesk.faults.set({ rateLimited: true, rateLimitRetryAfterMs: 2500 });
    const res = await f.call("POST", "/requests", { input: { request: { subject: "x" } } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    const body = (await res.json()) as Body;
    expect(body.response_status).toMatchObject({ status_code: 4000, status: "failed" });
    expect(body.response_status.messages[0]).toMatchObject({ status_code: 4015, type: "failed" });
    f.helpdesk.faults.reset();
    expect(await f.helpdesk.listTickets()).toMatchObject({ items: [] });
  });

  it("the error rate answers 500 with 4004, drawn from the injected randomness", async () => {
    const draws = [0.05, 0.95];
    const f = await sdpFixture({
      helpdeskOptions: { random: () => draws.shift() ?? 1, faults: { errorRate: 0.1 } },
    });
    const failed = await f.json("GET", "/requests");
    expect(failed.status).toBe(500);
    expect(failed.body.response_status.messages[0].status_code).toBe(4004);
    expect((await f.call("GET", "/requests")).status).toBe(200);
  });

  it("the fault controls are served as JSON at /_mock/faults", async () => {
    const f = await sdpFixture();
    const put = await f.app.request("/_mock/faults", {
      method: "PUT",
      body: JSON.stringify({ outage: true, latencyMs: 0 }),
    });
    expect(await put.json()).toMatchObject({ outage: true });
    expect((await f.call("GET", "/requests")).status).toBe(503);
    const bad = await f.app.request("/_mock/faults", {
      method: "PUT",
      body: JSON.stringify({ errorRate: 3 }),
    });
    expect(bad.status).toBe(400);
    await f.app.request("/_mock/faults", { method: "DELETE" });
    expect(await (await f.app.request("/_mock/faults")).json()).toMatchObject({
      outage: false,
      errorRate: 0,
    });
    expect((await f.call("GET", "/requests")).status).toBe(200);
  });
});
