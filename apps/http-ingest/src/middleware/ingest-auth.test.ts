import { afterEach, describe, expect, it } from "vitest";
import {
  createHarness,
  type Harness,
  HMAC_SECRET,
  handoffBody,
  hmacHeaders,
  OTHER_TOKEN,
  postHandoff,
  TOKEN,
} from "../../test/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("ingest authentication", () => {
  it("answers 401 without credentials and 403 with a wrong token", async () => {
    h = await createHarness();
    expect((await postHandoff(h, handoffBody(), {})).status).toBe(401);
    const wrong = await postHandoff(h, handoffBody(), { authorization: "Bearer not-the-token-at-all" });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe("forbidden");
    expect((await postHandoff(h, handoffBody(), { "x-auth-token": "nope-nope-nope-nope" })).status).toBe(403);
  });

  it("accepts the bearer token, x-auth-token, and a rotated second token", async () => {
    h = await createHarness();
    expect((await postHandoff(h, handoffBody(), { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await postHandoff(h, handoffBody(), { "x-auth-token": TOKEN })).status).toBe(200);
    expect((await postHandoff(h, handoffBody(), { authorization: `Bearer ${OTHER_TOKEN}` })).status).toBe(
      200,
    );
  });

  it("accepts an HMAC signature once, within five minutes", async () => {
    h = await createHarness();
    const raw = JSON.stringify(handoffBody());
    const t = Math.floor(h.clock.now / 1000);
    const signed = hmacHeaders(raw, t);
    expect((await postHandoff(h, raw, signed)).status).toBe(200);
    const replay = await postHandoff(h, raw, signed);
    expect(replay.status).toBe(403);
    expect((await replay.json()).error.message).toContain("already used");
    expect((await postHandoff(h, raw, hmacHeaders(raw, t - 301))).status).toBe(403);
    expect((await postHandoff(h, raw, hmacHeaders(raw, t + 1, "wrong-secret-0123456789"))).status).toBe(403);
    const tampered = hmacHeaders(raw, t + 2, HMAC_SECRET);
    expect((await postHandoff(h, raw.replace("WiFi", "TV"), tampered)).status).toBe(403);
  });
});

describe("HMAC timestamps in milliseconds (the original bridge's Date.now())", () => {
  it("are accepted once within five minutes, like seconds", async () => {
    h = await createHarness();
    const raw = JSON.stringify(handoffBody());
    const signed = hmacHeaders(raw, h.clock.now);
    const first = await postHandoff(h, raw, signed);
    expect(first.status).toBe(200);
    const replay = await postHandoff(h, raw, signed);
    expect(replay.status).toBe(403);
    expect((await replay.json()).error.message).toContain("already used");
    const stale = await postHandoff(h, raw, hmacHeaders(raw, h.clock.now - 301_000));
    expect(stale.status).toBe(403);
    expect((await stale.json()).error.message).toContain("seconds or milliseconds");
    expect((await postHandoff(h, raw, hmacHeaders(raw, h.clock.now + 299_000))).status).toBe(200);
  });
});

describe("failed authentication attempts", () => {
  it("are limited per address (behind a trusted proxy, per X-Forwarded-For address)", async () => {
    h = await createHarness({ trustProxy: { kind: "hops", hops: 1 } });
    const attempt = (ip: string) =>
      postHandoff(h, handoffBody(), {
        authorization: "Bearer guessing-guessing-1234",
        "x-forwarded-for": ip,
      });
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await attempt("203.0.113.7")).status);
    expect(statuses.slice(0, 30).every((s) => s === 403)).toBe(true);
    const blocked = await attempt("203.0.113.7");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await attempt("198.51.100.9")).status).toBe(403);
    expect(
      (
        await postHandoff(h, handoffBody(), {
          authorization: `Bearer ${TOKEN}`,
          "x-forwarded-for": "203.0.113.7",
        })
      ).status,
    ).toBe(200);
    expect(h.logs().some((l) => l.client === "ip:198.51.100.9" && l.status === 403)).toBe(true);
  });

  it("never hide the real answer from a client with valid credentials: a skewed clock or a replay is told so, not 429", async () => {
    h = await createHarness();
    const guess = () => postHandoff(h, handoffBody(), { authorization: "Bearer guessing-guessing-1234" });
    for (let i = 0; i < 30; i++) await guess();
    expect((await guess()).status).toBe(429);
    const raw = JSON.stringify(handoffBody());
    const skewed = await postHandoff(h, raw, hmacHeaders(raw, h.clock.now - 10 * 60_000));
    expect(skewed.status).toBe(403);
    expect((await skewed.json()).error.message).toContain("check the sender's clock");
    const signed = hmacHeaders(raw, h.clock.now);
    expect((await postHandoff(h, raw, signed)).status).toBe(200);
    const replayed = await postHandoff(h, raw, signed);
    expect(replayed.status).toBe(403);
    expect((await replayed.json()).error.message).toContain("already used");
    expect((await postHandoff(h, handoffBody(), { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    // A wrong signature is a guess like any other: still locked out.
    expect((await postHandoff(h, raw, hmacHeaders(raw, h.clock.now, "wrong-secret-0123456789"))).status).toBe(
      429,
    );
  });
});
