import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff, TOKEN } from "../test/harness.ts";

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

  it("puts a request id and secure headers on every answer, errors included", async () => {
    h = await createHarness();
    for (const res of [
      await h.app.request("/healthz"),
      await h.app.request("/nope"),
      await postHandoff(h, handoffBody(), {}),
    ]) {
      expect(res.headers.get("x-request-id")).toMatch(/\S{8,}/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
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
