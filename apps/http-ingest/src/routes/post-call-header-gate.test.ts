import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import type { Harness } from "../../test/harness.ts";
import { rawRequest } from "../../test/raw-http.ts";
import { useServedHarness } from "../../test/served-harness.ts";
import { createLogger } from "../logger.ts";
import { startServer } from "../server.ts";

const served = useServedHarness();
let h: Harness;

const PATH = "/webhooks/elevenlabs/post-call";

/** The harness's app served as `serve.ts` serves it: with the check before the app. */
async function serve(): Promise<string> {
  const running = await served.serve({}, { realClock: true });
  h = running.h;
  return running.server.url;
}

/** One POST over a real port: status, headers as sent, body. */
function post(url: string, headers: Record<string, string>, body = "{}") {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(`${url}${PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
      });
      req.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    },
  );
}

/** Headers that differ between any two answers, or that only Node's server adds. */
const comparable = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers).filter(([k]) => !["x-request-id", "date", "content-length"].includes(k)),
  );

describe("post-call webhooks with no valid-looking signature header, served", () => {
  it("get the app's own answer: 401/403, the same headers, the error envelope with the request id", async () => {
    const url = await serve();
    // The same app served without the check: the answer the app itself gives over the wire.
    const appOnly = await startServer(h.app, { host: "127.0.0.1", port: 0, logger: createLogger("silent") });
    try {
      for (const [signature, status, code, message] of [
        [undefined, 401, "unauthorized", "The ElevenLabs-Signature header is missing."],
        ["garbage", 403, "forbidden", "The ElevenLabs-Signature header is malformed."],
      ] as const) {
        const headers: Record<string, string> = signature ? { "elevenlabs-signature": signature } : {};
        const served = await post(url, headers);
        const app = await post(appOnly.url, headers);
        expect(served.status).toBe(status);
        expect(app.status).toBe(status);
        expect(comparable(served.headers)).toEqual(comparable(app.headers));
        expect(served.headers["x-content-type-options"]).toBe("nosniff");
        const requestId = served.headers["x-request-id"];
        expect(JSON.parse(served.body)).toEqual({ error: { code, message, requestId } });
        expect(JSON.parse(app.body).error).toEqual({ code, message, requestId: app.headers["x-request-id"] });
      }
    } finally {
      await appOnly.shutdown(1000);
    }
    // A caller's own well-formed request id is kept, as the app keeps it.
    const traced = await post(url, { "x-request-id": "trace-123" });
    expect(JSON.parse(traced.body).error.requestId).toBe("trace-123");
    expect(traced.headers["x-request-id"]).toBe("trace-123");
  });

  it("are counted in the metrics each, and logged in one warn line, not a line each", async () => {
    const url = await serve();
    for (let i = 0; i < 30; i++) expect((await post(url, {})).status).toBe(401);
    expect((await post(url, { "elevenlabs-signature": "garbage" })).status).toBe(403);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(
      'ispn_http_requests_total{route="/webhooks/elevenlabs/post-call",method="POST",status="401"} 30',
    );
    expect(metrics).toContain(
      'ispn_http_requests_total{route="/webhooks/elevenlabs/post-call",method="POST",status="403"} 1',
    );
    expect(metrics).toContain('ispn_errors_total{code="unauthorized"} 30');
    const lines = h
      .logs()
      .filter((l) => l.route === PATH || /ElevenLabs-Signature|refused/.test(String(l.msg)));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: "post-call webhooks refused for their ElevenLabs-Signature header, unread",
        refused: { missing: 1 },
        status: 401,
      }),
    ]);
  });

  it("sent with Expect: 100-continue, are refused without being told to send the body", async () => {
    const url = await serve();
    const request = rawRequest(url, {
      path: PATH,
      headers: { "content-type": "application/json", "content-length": "30000000", expect: "100-continue" },
    });
    // The first answer is the refusal, not `100 Continue`.
    const answer = await request.response;
    expect(answer.status).toBe(401);
    expect(answer.headers.connection).toBe("close");
    expect(request.sent()).toBe(0);
    request.socket.destroy();
  });

  it("end their connection once answered, while the client is still sending the body", async () => {
    const url = await serve();
    const request = rawRequest(url, {
      path: PATH,
      headers: { "content-type": "application/json", "content-length": "30000000" },
      body: Buffer.alloc(64 * 1024, 0x20),
    });
    const closed = new Promise<void>((resolve) => request.socket.once("close", () => resolve()));
    expect((await request.response).status).toBe(401);
    // The client does not end the connection; the server does.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let ended = false;
    void closed.then(() => {
      ended = true;
    });
    for (let i = 0; i < 200 && !ended; i++) {
      request.write(chunk);
      await new Promise((r) => setTimeout(r, 5));
    }
    await closed;
    expect(request.sent()).toBeLessThan(30_000_000);
  });
});
