import { describe, expect, it, vi } from "vitest";
import { EL_SECRET, elevenLabsSignature, type Harness, handoffBody, TOKEN } from "../../test/harness.ts";
import { rawRequest } from "../../test/raw-http.ts";
import { useServedHarness } from "../../test/served-harness.ts";
import type { IngestConfig } from "../env.ts";

const served = useServedHarness();
let h: Harness;

const PATH = "/webhooks/elevenlabs/post-call";
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A header in the right form and fresh, whose HMAC matches nothing (anyone can write one). */
const forged = () => `t=${nowSeconds()},v0=${"ab".repeat(32)}`;

async function serve(overrides: Partial<IngestConfig> = {}): Promise<string> {
  const running = await served.serve(overrides, { realClock: true });
  h = running.h;
  return running.server.url;
}

const handoff = (url: string, i: number) =>
  fetch(`${url}/ingest/oa-handoff`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(handoffBody({ callerNumber: `+1415555${String(1000 + i)}` })),
  }).then((r) => r.status);

/** A post that declares `length` bytes and sends only the headers and `sendFirst` bytes. */
const bigPost = (url: string, length: number, headers: Record<string, string>, sendFirst = 0) =>
  rawRequest(url, {
    path: PATH,
    headers: { "content-type": "application/json", "content-length": String(length), ...headers },
    body: Buffer.alloc(sendFirst, 0x20),
  });

describe("post-call bodies nobody signed", () => {
  it("16 concurrent 30 MB unsigned posts are refused without being read; handoffs meanwhile succeed", async () => {
    const url = await serve();
    const floods = Array.from({ length: 16 }, () => bigPost(url, 30_000_000, {}, 64 * 1024));
    const handoffs = Array.from({ length: 20 }, (_, i) => handoff(url, i));
    // Each answer arrives while the client has sent 64 KiB of its 30 MB: the server did not wait for the rest.
    const answers = await Promise.all(floods.map((f) => f.response));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(401));
    expect(answers.every((a) => a.headers.connection === "close")).toBe(true);
    expect(floods.every((f) => f.sent() === 64 * 1024)).toBe(true);
    expect(await Promise.all(handoffs)).toEqual(Array(20).fill(200));
    for (const f of floods) f.socket.destroy();
  });

  it("a stale or malformed signature header, or a length over the limit, is refused before the body", async () => {
    const url = await serve();
    const stale = elevenLabsSignature("{}", nowSeconds() - 31 * 60);
    for (const [headers, length, status] of [
      [{ "elevenlabs-signature": stale }, 1_000_000, 403],
      [{ "elevenlabs-signature": "t=abc,v0=zz" }, 1_000_000, 403],
      [{ "elevenlabs-signature": forged() }, 33 * 1024 * 1024, 413],
      [{ "elevenlabs-signature": forged(), "content-type": "text/plain" }, 1_000_000, 415],
    ] as const) {
      const post = bigPost(url, length, headers);
      expect((await post.response).status).toBe(status);
      post.socket.destroy();
    }
  });

  it("hold at most the budget of unverified bytes: posts beyond it get 503 before being read", async () => {
    const url = await serve({ webhookBodyLimitBytes: 600_000, webhookBodyBudgetBytes: 1_000_000 });
    const floods = Array.from({ length: 16 }, () =>
      bigPost(url, 500_000, { "elevenlabs-signature": forged() }),
    );
    // Two fit in the budget and are being read (their clients send nothing more); fourteen are refused.
    const refused = await vi.waitFor(
      async () => {
        const settled = await Promise.all(
          floods.map((f) =>
            Promise.race([f.response, new Promise((r) => setTimeout(() => r(undefined), 20))]),
          ),
        );
        const answered = settled.filter(Boolean) as { status: number; headers: Record<string, string> }[];
        expect(answered).toHaveLength(14);
        return answered;
      },
      { timeout: 15_000 },
    );
    expect(refused.every((a) => a.status === 503 && a.headers["retry-after"] === "1")).toBe(true);
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => handoff(url, i)))).toEqual(
      Array(10).fill(200),
    );

    // The two held clients leave: their bytes are given back, and a full body is read and verified again.
    for (const f of floods) f.socket.destroy();
    await vi.waitFor(
      () => expect(h.logs().filter((l) => l.msg === "request" && l.status === 499)).toHaveLength(2),
      { timeout: 15_000 },
    );
    const raw = JSON.stringify({
      type: "post_call_audio",
      data: { conversation_id: "c", pad: "x".repeat(499_000) },
    });
    const posts = await Promise.all(
      [0, 1].map(() =>
        fetch(`${url}${PATH}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "elevenlabs-signature": elevenLabsSignature(raw, nowSeconds()),
          },
          body: raw,
        }).then((r) => r.status),
      ),
    );
    expect(posts).toEqual([200, 200]);
  });
});

describe("the post-call signature is checked over the raw bytes, before any JSON parse", () => {
  const post = (h: Harness, body: string | Uint8Array, signature: string) =>
    h.app.request(PATH, {
      method: "POST",
      headers: { "content-type": "application/json", "elevenlabs-signature": signature },
      body,
    });

  it("a forged signature on a malformed or 10,000-deep body is a 403, never a parse error", async () => {
    h = await served.harness();
    expect((await post(h, "{not json", forged())).status).toBe(403);
    expect((await post(h, `${"[".repeat(10_000)}${"]".repeat(10_000)}`, forged())).status).toBe(403);
    const raw = "{not json";
    const signed = await post(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect(signed.status).toBe(400);
  });

  it("accepts a signature over bytes that are not valid UTF-8", async () => {
    h = await served.harness();
    const bytes = Buffer.concat([
      Buffer.from('{"type":"post_call_audio","data":{"conversation_id":"c","note":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}}'),
    ]);
    const { createHmac } = await import("node:crypto");
    const t = Math.floor(h.clock.now / 1000);
    const v0 = createHmac("sha256", EL_SECRET).update(`${t}.`).update(bytes).digest("hex");
    const res = await post(h, new Uint8Array(bytes), `t=${t},v0=${v0}`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("ignored");
  });
});
