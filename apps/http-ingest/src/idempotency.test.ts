import { StoreError } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff, TOKEN } from "../test/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});
const withKey = (key: string) => ({ authorization: `Bearer ${TOKEN}`, "idempotency-key": key });

describe("Idempotency-Key", () => {
  it("replays the stored answer for the same key and body, without touching the ticket again", async () => {
    h = await createHarness();
    const first = await postHandoff(h, handoffBody(), withKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"'));
    const answer = await first.json();
    const again = await postHandoff(h, handoffBody(), withKey("8e03978e-40d5-43e8-bc93-6894a57f9324"));
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(answer);
    expect((await h.helpdesk.listNotes(answer.ticketId)).items).toHaveLength(0);
  });

  it("refuses the same key with a different body (422)", async () => {
    h = await createHarness();
    await postHandoff(h, handoffBody(), withKey("key-1"));
    const res = await postHandoff(h, handoffBody({ category: "Billing" }), withKey("key-1"));
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("idempotency_key_reused");
  });

  it("answers 409 while the first request with the key is in flight", async () => {
    h = await createHarness();
    h.helpdesk.faults.set({ latencyMs: 300 });
    const first = postHandoff(h, handoffBody(), withKey("slow-key"));
    await new Promise((r) => setTimeout(r, 50));
    const second = await postHandoff(h, handoffBody(), withKey("slow-key"));
    expect(second.status).toBe(409);
    expect(second.headers.get("retry-after")).toBe("1");
    expect((await first).status).toBe(200);
  });

  it("forgets the key after 15 minutes", async () => {
    h = await createHarness();
    const first = await (await postHandoff(h, handoffBody(), withKey("k-ttl"))).json();
    h.clock.now += 15 * 60_000;
    const later = await postHandoff(h, handoffBody(), withKey("k-ttl"));
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect((await later.json()).ticketId).toBe(first.ticketId);
  });

  it("replays a queued answer: a retry during a helpdesk outage keeps the same reference", async () => {
    h = await createHarness();
    h.helpdesk.faults.set({ outage: true });
    const first = await (await postHandoff(h, handoffBody(), withKey("k-out"))).json();
    expect(first.outcome).toBe("queued");
    h.helpdesk.faults.reset();
    const retry = await postHandoff(h, handoffBody(), withKey("k-out"));
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await retry.json()).reference).toBe(first.reference);
    expect(await h.stores.outbox.stats()).toMatchObject({ depth: 1 });
  });

  it("does not store failures: a retry after the store failed runs again", async () => {
    h = await createHarness();
    // the store can neither dedup nor keep the handoff: the only case that is refused
    const claim = h.stores.dedup.claim.bind(h.stores.dedup);
    const enqueue = h.stores.outbox.enqueue.bind(h.stores.outbox);
    let failing = true;
    h.stores.dedup.claim = async (request) => {
      if (failing) throw new StoreError("store down");
      return claim(request);
    };
    h.stores.outbox.enqueue = async (request) => {
      if (failing) throw new StoreError("store down");
      return enqueue(request);
    };
    expect((await postHandoff(h, handoffBody(), withKey("k-fail"))).status).toBe(503);
    failing = false;
    const retry = await postHandoff(h, handoffBody(), withKey("k-fail"));
    expect(retry.status).toBe(200);
    expect((await retry.json()).created).toBe(true);
  });

  it("uses conversationId as the key when no header is sent", async () => {
    h = await createHarness();
    const first = await (await postHandoff(h, handoffBody({ conversationId: "conv_retry" }))).json();
    const retry = await postHandoff(h, handoffBody({ conversationId: "conv_retry" }));
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(first);
    expect((await h.helpdesk.listNotes(first.ticketId)).items).toHaveLength(0);
  });

  it("handles a second, different handoff of the same conversation as its own request, not 422", async () => {
    h = await createHarness();
    const wifi = await (await postHandoff(h, handoffBody({ conversationId: "conv_two" }))).json();
    const billing = await postHandoff(
      h,
      handoffBody({
        conversationId: "conv_two",
        note: "Category: Billing\nReason: CallerRequested\nSummary: Charged twice this month\nConfidence: 0.9",
      }),
    );
    expect(billing.status).toBe(200);
    expect(billing.headers.get("idempotent-replayed")).toBeNull();
    const answer = await billing.json();
    expect(answer).toMatchObject({ status: "ok", outcome: "created", category: "Billing" });
    expect(answer.ticketId).not.toBe(wifi.ticketId);
    expect((await h.helpdesk.listTickets()).items).toHaveLength(2);
  });

  it("refuses a malformed key", async () => {
    h = await createHarness();
    const res = await postHandoff(h, handoffBody(), withKey("has spaces in it"));
    expect(res.status).toBe(400);
  });
});

describe("runIdempotent", () => {
  it("returns the finished work even when storing its answer fails", async () => {
    const { runIdempotent } = await import("./idempotency.ts");
    const { createMemoryStores, StoreError } = await import("@ispn/core");
    const store = createMemoryStores().idempotency;
    const failing = {
      ...store,
      begin: store.begin.bind(store),
      abandon: store.abandon.bind(store),
      finish: async () => {
        throw new StoreError("down");
      },
    };
    const errors: unknown[] = [];
    const outcome = await runIdempotent(
      {
        store: failing,
        key: "k",
        fingerprint: "f",
        ttlMs: 1000,
        leaseMs: 1000,
        now: Date.now,
        onStoreError: (e) => errors.push(e),
      },
      async () => ({ status: 200, body: { ok: true } }),
    );
    expect(outcome).toEqual({ response: { status: 200, body: { ok: true } }, replayed: false });
    expect(errors).toHaveLength(1);
  });
});
