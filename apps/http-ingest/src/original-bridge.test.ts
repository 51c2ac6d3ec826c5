import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, HMAC_SECRET, postHandoff, TOKEN } from "../test/harness.ts";

// The original bridge's documented examples, unchanged
// (/work/shared/reference/original-bridge-api.md: "Handoff request", "Handoff answer").
const DOCUMENTED_REQUEST = {
  note: "Category: WiFi\nReason: CallerRequested\nSummary: Customer unable to connect\nConfidence: 0.85",
  category: "WiFi",
  escalationReason: "CallerRequested",
  confidence: "0.85",
  callerNumber: "+12345678900",
  oaKey: "oa-12345",
  source: "OutageAgent",
};
const DOCUMENTED_ANSWER = {
  status: "ok",
  created: true,
  ticketId: "TKT-1000",
  ticketUrl: "https://helpdesk.example.com/tickets/1000",
  category: "WiFi",
  escalationReason: "CallerRequested",
  confidence: "0.85",
  echo: { oaKey: "oa-12345", callerNumber: "+12345678900" },
};

/** Signs exactly as the original bridge's clients do: `Date.now().toString() + JSON.stringify(body)`. */
function originalClientHeaders(body: unknown): Record<string, string> {
  const timestamp = Date.now().toString();
  const signature = createHmac("sha256", HMAC_SECRET)
    .update(timestamp + JSON.stringify(body))
    .digest("hex");
  return { "x-signature": `sha256=${signature}`, "x-timestamp": timestamp };
}

/** Every field of the documented answer is present with the same JSON type (nested too). */
function expectSameShape(answer: Record<string, unknown>, documented: Record<string, unknown>): void {
  for (const [field, example] of Object.entries(documented)) {
    expect(answer, `field ${field}`).toHaveProperty(field);
    expect(typeof answer[field], `type of ${field}`).toBe(typeof example);
    if (example && typeof example === "object") {
      expectSameShape(answer[field] as Record<string, unknown>, example as Record<string, unknown>);
    }
  }
}

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("an agent configured against the original bridge", () => {
  it("gets the documented answer to the documented request, HMAC-signed with a millisecond timestamp", async () => {
    h = await createHarness({}, { realClock: true });
    const res = await postHandoff(h, DOCUMENTED_REQUEST, originalClientHeaders(DOCUMENTED_REQUEST));
    expect(res.status).toBe(200);
    const answer = await res.json();
    expectSameShape(answer, DOCUMENTED_ANSWER);
    const { ticketId: _id, ticketUrl: _url, ...fixed } = DOCUMENTED_ANSWER;
    expect(answer).toMatchObject(fixed);

    // The same report again (a new signature, as the original's clients sign each request anew)
    // is the documented deduplicated answer: created false, the same ticket.
    await new Promise((r) => setTimeout(r, 2));
    const again = await postHandoff(h, DOCUMENTED_REQUEST, originalClientHeaders(DOCUMENTED_REQUEST));
    expect(again.status).toBe(200);
    const dedup = await again.json();
    expectSameShape(dedup, DOCUMENTED_ANSWER);
    expect(dedup).toMatchObject({ ...fixed, created: false, ticketId: answer.ticketId });
  });

  it("gets the same answer shape with the x-auth-token header and an Idempotency-Key", async () => {
    h = await createHarness();
    const headers = { "x-auth-token": TOKEN, "idempotency-key": "original-client-retry-1" };
    const first = await postHandoff(h, DOCUMENTED_REQUEST, headers);
    expect(first.status).toBe(200);
    const answer = await first.json();
    expectSameShape(answer, DOCUMENTED_ANSWER);
    const retry = await postHandoff(h, DOCUMENTED_REQUEST, headers);
    expect(await retry.json()).toEqual(answer);
  });

  it("keeps the refusals it documented: 401 without credentials, 403 for a replayed signature", async () => {
    h = await createHarness({}, { realClock: true });
    expect((await postHandoff(h, DOCUMENTED_REQUEST, {})).status).toBe(401);
    const signed = originalClientHeaders(DOCUMENTED_REQUEST);
    expect((await postHandoff(h, DOCUMENTED_REQUEST, signed)).status).toBe(200);
    expect((await postHandoff(h, DOCUMENTED_REQUEST, signed)).status).toBe(403);
  });
});
