import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { type Harness, handoffBody, postHandoff, TOKEN } from "../test/harness.ts";
import { rawRequest } from "../test/raw-http.ts";
import { useServedHarness } from "../test/served-harness.ts";
import type { RunningServer } from "./server.ts";

const served = useServedHarness();
let h: Harness;
let server: RunningServer;

const printable = /^[\x20-\x7e]*$/;

describe("request edges", () => {
  it("a 10,000-deep value in a field the handoff ignores → 400 naming the depth limit, not 500", async () => {
    h = await served.harness({ bodyLimitBytes: 64 * 1024 }); // the default BODY_LIMIT_BYTES
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const raw = JSON.stringify(handoffBody()).replace(/}$/, `,"extra":${deep}}`);
    const res = await postHandoff(h, raw);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_json");
    expect(error.message).toContain("deeper than 64 levels (the depth limit)");
    // Ordinary nesting is fine.
    expect((await postHandoff(h, handoffBody({ extra: { a: [{ b: [1, 2] }] } }))).status).toBe(200);
  });

  it("GET on a POST route → 405 with Allow (not 415, not 401)", async () => {
    h = await served.harness();
    for (const path of ["/ingest/oa-handoff", "/webhooks/elevenlabs/post-call"]) {
      const res = await h.app.request(path);
      expect({ path, status: res.status, allow: res.headers.get("allow") }).toEqual({
        path,
        status: 405,
        allow: "POST",
      });
      expect((await res.json()).error.code).toBe("method_not_allowed");
    }
    const post = await h.app.request("/healthz", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect((await h.app.request("/handoffs/Q-ABC", { method: "DELETE" })).headers.get("allow")).toBe(
      "GET, HEAD",
    );
  });

  it("a gzip body → 415 saying Content-Encoding is not supported, in readable text", async () => {
    h = await served.harness();
    const res = await h.app.request("/ingest/oa-handoff", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-encoding": "gzip",
        authorization: `Bearer ${TOKEN}`,
      },
      body: gzipSync(JSON.stringify(handoffBody())),
    });
    expect(res.status).toBe(415);
    const { error } = await res.json();
    expect(error.message).toContain('Content-Encoding "gzip" is not supported');
    expect(error.message).toMatch(printable);
  });

  it("binary bytes sent as JSON → 400 whose message is printable text", async () => {
    h = await served.harness();
    const res = await h.app.request("/ingest/oa-handoff", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: gzipSync(JSON.stringify(handoffBody())),
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_json");
    expect(error.message).toMatch(printable);
  });
});

describe("a client that leaves mid-body", () => {
  it("is not a server error: not logged as one, not counted as a 5xx", async () => {
    ({ h, server } = await served.serve({}, { realClock: true }));
    for (let i = 0; i < 5; i++) {
      const request = rawRequest(server.url, {
        path: "/ingest/oa-handoff",
        headers: {
          "content-type": "application/json",
          "content-length": "4000",
          authorization: `Bearer ${TOKEN}`,
        },
        body: '{"note":"Category: WiFi',
      });
      await new Promise((r) => setTimeout(r, 20));
      request.socket.destroy();
    }
    await vi.waitFor(
      () =>
        expect(h.logs().filter((l) => l.msg === "request" && l.route === "/ingest/oa-handoff")).toHaveLength(
          5,
        ),
      { timeout: 15_000 },
    );
    const requests = h.logs().filter((l) => l.msg === "request" && l.route === "/ingest/oa-handoff");
    expect(requests.map((l) => l.status)).toEqual([499, 499, 499, 499, 499]);
    expect(h.logs().filter((l) => (l.level as number) >= 50)).toEqual([]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });
});

describe("a body sent without Content-Length (chunked)", () => {
  it("is cut off as soon as it grows past the limit: 413 while the client is still sending", async () => {
    ({ h, server } = await served.serve({ bodyLimitBytes: 8 * 1024 }, { realClock: true }));
    const request = rawRequest(server.url, {
      path: "/ingest/oa-handoff",
      headers: {
        "content-type": "application/json",
        "transfer-encoding": "chunked",
        authorization: `Bearer ${TOKEN}`,
      },
    });
    const chunk = `${(4096).toString(16)}\r\n${" ".repeat(4096)}\r\n`;
    let answered = false;
    void request.response.then(() => {
      answered = true;
    });
    for (let i = 0; i < 50 && !answered; i++) {
      request.write(chunk);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await request.response).status).toBe(413);
    // Answered after the limit was passed, long before the 200 KiB the client would have sent.
    expect(request.sent()).toBeLessThan(64 * 1024);
    request.socket.destroy();
  });
});
