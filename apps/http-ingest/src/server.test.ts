import { Agent, request } from "node:http";
import { describe, expect, it } from "vitest";
import { type Harness, handoffBody, TOKEN } from "../test/harness.ts";
import { useServedHarness } from "../test/served-harness.ts";
import { deliverAll, mentionsOnTicket } from "../test/ticket-mentions.ts";
import { SECURE_HEADERS } from "./secure-headers.ts";
import type { RunningServer } from "./server.ts";

const served = useServedHarness();
let h: Harness;
let server: RunningServer;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/ingest/oa-handoff`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });

/** GET /healthz through `agent`; `reused`: whether it went over a connection opened before. */
const getOver = (url: string, agent: Agent) =>
  new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
    const req = request(`${url}/healthz`, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on("error", reject);
    req.end();
  });

/** Two requests over one keep-alive client connection, `idleMs` apart: whether the second reused the first's. */
async function reusedAfter(url: string, idleMs: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    expect(await getOver(url, agent)).toEqual({ status: 200, reused: false });
    await new Promise((r) => setTimeout(r, idleMs));
    const second = await getOver(url, agent);
    expect(second.status).toBe(200);
    return second.reused;
  } finally {
    agent.destroy();
  }
}

describe("idle keep-alive connections", () => {
  it("stay open past Node's 5 s (+ 1 s buffer; 65 s here by default), so a proxy reusing one is not cut off", async () => {
    ({ server } = await served.serve({}, { realClock: true }));
    expect(await reusedAfter(server.url, 7_000)).toBe(true);
  }, 15_000);

  it("close after KEEP_ALIVE_TIMEOUT_MS", async () => {
    ({ server } = await served.serve({ keepAliveTimeoutMs: 300 }, { realClock: true }));
    expect(await reusedAfter(server.url, 900)).toBe(false);
  });
});

describe("over a real port", () => {
  it("puts the secure headers on every answer: handoffs, errors, the gate's refusals, ops routes", async () => {
    ({ h, server } = await served.serve({}, { realClock: true }));
    const answers = {
      handoff: await post(server.url, handoffBody()),
      refused: await post(server.url, handoffBody(), { authorization: "Bearer wrong" }),
      invalid: await post(server.url, { note: "" }),
      unknownRoute: await fetch(`${server.url}/nope`),
      wrongMethod: await fetch(`${server.url}/ingest/oa-handoff`),
      health: await fetch(`${server.url}/healthz`),
      gateRefusal: await fetch(`${server.url}/webhooks/elevenlabs/post-call`, { method: "POST", body: "{}" }),
      openapi: await fetch(`${server.url}/openapi.json`),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.status]))).toEqual({
      handoff: 200,
      refused: 403,
      invalid: 400,
      unknownRoute: 404,
      wrongMethod: 405,
      health: 200,
      gateRefusal: 401,
      openapi: 200,
    });
    for (const [name, res] of Object.entries(answers)) {
      const got = Object.fromEntries(SECURE_HEADERS.map(([header]) => [header, res.headers.get(header)]));
      expect({ name, headers: got }).toEqual({ name, headers: Object.fromEntries(SECURE_HEADERS) });
      expect(res.headers.get("x-request-id"), name).toMatch(/\S{8,}/);
      await res.body?.cancel();
    }
    expect(SECURE_HEADERS.map(([header]) => header)).toContain("x-content-type-options");
  });

  it("puts the RateLimit headers on handoff answers, and Retry-After on a 429, over a real port", async () => {
    ({ h, server } = await served.serve({ rateLimitPerSecond: 2 }));
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await post(server.url, handoffBody({ conversationId: `conv_rl_${i}` })));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 429]);
    expect(answers.map((res) => res.headers.get("ratelimit"))).toEqual([
      '"default";r=1;t=1',
      '"default";r=0;t=1',
      '"default";r=0;t=1',
    ]);
    for (const res of answers) expect(res.headers.get("ratelimit-policy")).toBe('"default";q=2;w=1');
    const limited = answers[2] as Response;
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await limited.json()).error.code).toBe("rate_limited");
  });

  it("finishes in-flight requests on shutdown, then refuses new connections", async () => {
    ({ h, server } = await served.serve({}, { realClock: true }));
    h.helpdesk.faults.set({ latencyMs: 400 });
    const inFlight = post(server.url, handoffBody());
    await new Promise((r) => setTimeout(r, 100));
    const stopped = server.shutdown(5000);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json()).created).toBe(true);
    await stopped;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it("cuts requests still running when the shutdown cap is reached", async () => {
    ({ h, server } = await served.serve({ handoffBudgetMs: 10_000 }, { realClock: true }));
    h.helpdesk.faults.set({ latencyMs: 5000 });
    const slow = post(server.url, handoffBody()).then(
      (r) => r.status,
      () => "cut",
    );
    await new Promise((r) => setTimeout(r, 100));
    await server.shutdown(200);
    expect(await slow).toBe("cut");
  });

  it("100 concurrent handoffs for one caller and category → 1 ticket, 99 joined, every caller on it once", async () => {
    ({ h, server } = await served.serve({}, { realClock: true }));
    h.helpdesk.faults.set({ latencyMs: 20 });
    const url = server.url;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(url, handoffBody({ conversationId: `conv_load_${i}` })).then((r) => r.json()),
      ),
    );
    const created = answers.filter((a) => a.created === true);
    const joined = answers.filter((a) => a.created === false);
    expect(created).toHaveLength(1);
    expect(joined).toHaveLength(99);
    expect(new Set(answers.map((a) => a.ticketId))).toEqual(new Set([created[0].ticketId]));
    expect((await h.helpdesk.listTickets()).items).toHaveLength(1);
    // the joined callers' notes, written alone or in digests (NOTE_DIGEST_MS), once each
    await deliverAll(h.runtime);
    const mentions = await mentionsOnTicket(h.helpdesk, created[0].ticketId, /conv_load_\d+/g);
    expect([...mentions.keys()].sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `conv_load_${i}`).sort(),
    );
    expect([...mentions.values()].every((n) => n === 1)).toBe(true);
    expect((await h.helpdesk.listNotes(created[0].ticketId, { rowCount: 100 })).items.length).toBeLessThan(
      99,
    );
  });

  it("100 concurrent identical requests with one Idempotency-Key → 1 ticket, no note, the stored answer or 409", async () => {
    ({ h, server } = await served.serve({}, { realClock: true }));
    h.helpdesk.faults.set({ latencyMs: 50 });
    const url = server.url;
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        post(url, handoffBody(), { "idempotency-key": '"idem-load-1"' }).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        })),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(ok.length + conflicts.length).toBe(100);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    expect(ok[0]!.body.created).toBe(true);
    const tickets = (await h.helpdesk.listTickets()).items;
    expect(tickets).toHaveLength(1);
    expect((await h.helpdesk.listNotes(tickets[0]!.id)).items).toHaveLength(0);
  });
});
