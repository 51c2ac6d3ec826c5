import { createMemoryStores, HelpdeskError, StoreError, type Stores } from "@ispn/core";
import { createMockHelpdesk } from "@ispn/helpdesk-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  createHarness,
  FOUR_LINE,
  type Harness,
  handoffBody,
  postHandoff,
  TOKEN,
} from "../../test/harness.ts";

let h: Harness;

const lookup = (harness: Harness, reference: string) =>
  Promise.resolve(
    harness.app.request(`/handoffs/${encodeURIComponent(reference)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }),
  );
afterEach(async () => {
  await h?.close();
});

describe("POST /ingest/oa-handoff", () => {
  it("creates a ticket, then joins repeat callers to it with a note", async () => {
    h = await createHarness();
    const first = await postHandoff(h, handoffBody({ conversationId: "conv_1" }));
    expect(first.status).toBe(200);
    const created = await first.json();
    expect(created).toMatchObject({
      status: "ok",
      outcome: "created",
      created: true,
      category: "WiFi",
      escalationReason: "TwoStepsNoResolve",
      confidence: "0.85",
      echo: { oaKey: null, callerNumber: "+14155550123" },
    });
    expect(created.spokenSummary).toContain(`ticket number ${created.ticketNumber}`);
    const ticket = await h.helpdesk.getTicket(created.ticketId);
    expect(ticket?.subject).toBe("[WiFi] Customer unable to connect after power outage");

    const second = await postHandoff(
      h,
      handoffBody({ conversationId: "conv_2", callerNumber: "+1 415 555 0123" }),
    );
    const joined = await second.json();
    expect(joined).toMatchObject({
      status: "ok",
      outcome: "existing",
      created: false,
      ticketId: created.ticketId,
    });
    const notes = await h.helpdesk.listNotes(created.ticketId);
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]!.body).toContain("conv_2");
  });

  it("takes missing fields from free text and a confidence string", async () => {
    h = await createHarness();
    const res = await postHandoff(h, {
      note: "Caller wants a person; the wifi keeps dropping",
      confidence: "0.4",
      callerNumber: "4155550123",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      category: "WiFi",
      escalationReason: "CallerRequested",
      confidence: "0.4",
    });
  });

  it("answers 400 naming each bad field", async () => {
    h = await createHarness();
    const res = await postHandoff(h, {
      note: "Router is broken badly",
      category: "Plumbing",
      confidence: 3,
      callerNumber: "12",
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_request");
    expect(error.requestId).toBe(res.headers.get("x-request-id"));
    expect(error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      "callerNumber",
      "category",
      "confidence",
    ]);
    expect(error.message).toContain("category:");
    expect(await h.helpdesk.listTickets()).toMatchObject({ items: [] });
  });

  it("keeps the caller's handoff when the helpdesk is down: 200 queued with a reference, delivered once it is back", async () => {
    h = await createHarness();
    h.helpdesk.faults.set({ outage: true });
    const down = await postHandoff(h, handoffBody({ conversationId: "conv_down" }));
    expect(down.status).toBe(200);
    const queued = await down.json();
    expect(queued).toMatchObject({ status: "ok", outcome: "queued", created: false, ticketUrl: "" });
    expect(queued.reference).toMatch(/^H-[0-9A-Z]{6}$/);
    expect(queued.ticketNumber).toBe(queued.reference);
    expect(queued.spokenSummary).toContain("a technician will follow up with you under that reference");
    const pending = await lookup(h, queued.reference);
    expect(pending.status).toBe(200);
    expect(await pending.json()).toMatchObject({ reference: queued.reference, state: "queued", attempts: 0 });

    h.helpdesk.faults.reset();
    expect(await h.runtime.deliverer.deliverDue()).toBe(1);
    const tickets = (await h.helpdesk.listTickets()).items;
    expect(tickets).toHaveLength(1);
    const delivered = await (await lookup(h, queued.reference.toLowerCase())).json();
    expect(delivered).toMatchObject({ state: "delivered", created: true, ticketId: tickets[0]!.id });
    // the caller's next handoff joins the delivered ticket
    const next = await (await postHandoff(h, handoffBody({ conversationId: "conv_next" }))).json();
    expect(next).toMatchObject({ outcome: "existing", ticketId: tickets[0]!.id });
  });

  it("answers queued within the budget when the helpdesk is too slow; the late ticket resolves the reference", async () => {
    h = await createHarness({ handoffBudgetMs: 500 });
    h.helpdesk.faults.set({ latencyMs: 1500 });
    const res = await postHandoff(h, handoffBody());
    expect(res.status).toBe(200);
    const queued = await res.json();
    expect(queued.outcome).toBe("queued");
    // answered while the helpdesk was still creating it: no ticket exists yet
    h.helpdesk.faults.reset();
    expect((await h.helpdesk.listTickets()).items).toEqual([]);
    await h.runtime.handoffs.drain();
    const tickets = (await h.helpdesk.listTickets()).items;
    expect(tickets).toHaveLength(1);
    expect(await (await lookup(h, queued.reference)).json()).toMatchObject({
      state: "delivered",
      ticketNumber: tickets[0]!.displayId,
    });
    // nothing left for a deliverer: no second ticket
    expect(await h.runtime.deliverer.deliverDue()).toBe(0);
    expect((await h.helpdesk.listTickets()).items).toHaveLength(1);
  });

  it("looks up references only with credentials, and explains a malformed one", async () => {
    h = await createHarness();
    expect((await h.app.request("/handoffs/H-7KQ3XM")).status).toBe(401);
    const unknown = await lookup(h, "H-7KQ3XM");
    expect(unknown.status).toBe(404);
    const bad = await lookup(h, "ticket-12");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("H-7KQ3XM");
  });

  it("answers 503 only when the store can neither dedup nor keep the handoff", async () => {
    const broken: Stores = createMemoryStores();
    const down = async () => {
      throw new StoreError("redis is down");
    };
    const failing = {
      ...broken,
      dedup: { ...broken.dedup, claim: down },
      outbox: { ...broken.outbox, enqueue: down, stats: broken.outbox.stats.bind(broken.outbox) },
    } as Stores;
    h = await createHarness({}, { stores: failing });
    const res = await postHandoff(h, handoffBody());
    expect(res.status).toBe(503);
    const { error } = await res.json();
    expect(error.code).toBe("store_unavailable");
    expect(error.message).not.toContain("redis is down");
  });

  it("queues the handoff when only the dedup store fails, and delivers it once the store is back", async () => {
    const stores: Stores = createMemoryStores();
    const claim = stores.dedup.claim.bind(stores.dedup);
    let failing = true;
    stores.dedup.claim = async (request) => {
      if (failing) throw new StoreError("dedup timed out");
      return claim(request);
    };
    h = await createHarness({}, { stores });
    const res = await postHandoff(h, handoffBody());
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe("queued");
    failing = false;
    expect(await h.runtime.deliverer.deliverDue()).toBe(1);
    expect((await h.helpdesk.listTickets()).items).toHaveLength(1);
  });

  it("queues an unrecovered lost-answer create and delivers it without a second ticket", async () => {
    const mock = createMockHelpdesk();
    let searchDown = true;
    const flaky = new Proxy(mock, {
      get(target, property) {
        if (property === "findTicketByMarker") {
          return async (marker: string) => {
            if (searchDown) throw new HelpdeskError("unavailable", "search is down");
            return target.findTicketByMarker(marker);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    h = await createHarness({}, { helpdesk: flaky, breaker: { failures: 50 } });
    mock.faults.set({ ambiguousCreates: 1 });
    const res = await postHandoff(h, handoffBody({ conversationId: "conv_lost" }));
    // the caller is not told "retry": the ticket may exist, so the handoff is kept and looked for later
    expect(res.status).toBe(200);
    const queued = await res.json();
    expect(queued).toMatchObject({ outcome: "queued" });
    expect(queued.queuedReason).toContain("ambiguous");
    expect((await mock.listTickets()).items).toHaveLength(1);

    searchDown = false;
    expect(await h.runtime.deliverer.deliverDue()).toBe(1);
    const tickets = (await mock.listTickets()).items;
    expect(tickets).toHaveLength(1);
    expect((await mock.listNotes(tickets[0]!.id)).items).toHaveLength(0);
    expect(await h.stores.outbox.lookup(queued.reference)).toMatchObject({
      state: "delivered",
      created: true,
      ticket: { id: tickets[0]!.id },
    });
  });

  it("finds the ticket after an ambiguous create instead of creating a second", async () => {
    h = await createHarness();
    h.helpdesk.faults.set({ ambiguousCreates: 1 });
    const res = await postHandoff(h, handoffBody({ conversationId: "conv_amb" }));
    expect(res.status).toBe(200);
    expect((await res.json()).created).toBe(true);
    expect((await h.helpdesk.listTickets()).items).toHaveLength(1);
  });

  it("never logs the caller number or the note", async () => {
    h = await createHarness();
    await postHandoff(h, handoffBody({ conversationId: "conv_pii" }));
    await postHandoff(h, { note: FOUR_LINE, callerNumber: "12" });
    const text = JSON.stringify(h.logs());
    expect(text).not.toContain("4155550123");
    expect(text).not.toContain("unable to connect");
    expect(text).toContain("+1******0123");
  });
});

describe("POST /ingest/oa-handoff while the helpdesk is failing", () => {
  it("once the circuit is open, queues every handoff without calling the helpdesk", async () => {
    h = await createHarness({}, { breaker: { failures: 3, halfOpenAfterMs: 60_000 } });
    h.helpdesk.faults.set({ outage: true });
    for (let i = 0; i < 3; i++) {
      const res = await postHandoff(h, handoffBody({ callerNumber: `+1415555020${i}` }));
      expect((await res.json()).outcome).toBe("queued");
    }
    expect(h.runtime.breaker.state()).toBe("open");
    const callsBefore = await helpdeskCalls(h);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postHandoff(h, handoffBody({ callerNumber: `+141555503${String(i).padStart(2, "0")}` })),
      ),
    );
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect((await res.json()).outcome).toBe("queued");
    }
    expect(await helpdeskCalls(h)).toBe(callsBefore);
    expect(await h.stores.outbox.stats()).toMatchObject({ depth: 23 });
    const text = await (await h.app.request("/metrics")).text();
    expect(text).toContain('ispn_handoffs_total{outcome="queued"} 23');
    expect(text).toContain("ispn_helpdesk_circuit_state 2");
    expect(text).toContain("ispn_outbox_depth 23");
    const ready = await (await h.app.request("/readyz")).json();
    expect(ready).toMatchObject({
      status: "degraded",
      checks: { helpdesk: { circuit: "open" }, outbox: { depth: 23 } },
    });
  });

  it("counts a failed handoff once, whatever failed", async () => {
    const stores = createMemoryStores();
    const outbox = stores.outbox;
    const failing = {
      ...stores,
      outbox: {
        ...outbox,
        enqueue: async () => {
          throw new StoreError("disk full");
        },
        stats: outbox.stats.bind(outbox),
      },
    } as Stores;
    h = await createHarness({}, { stores: failing });
    h.helpdesk.faults.set({ outage: true });
    const res = await postHandoff(h, handoffBody());
    expect(res.status).toBe(503);
    const text = await (await h.app.request("/metrics")).text();
    expect(text).toContain('ispn_handoffs_total{outcome="failed"} 1');
    expect(text).not.toContain('ispn_handoffs_total{outcome="queued"}');
  });
});

/** Helpdesk calls so far, from the helpdesk latency histogram. */
async function helpdeskCalls(harness: Harness): Promise<number> {
  const text = await (await harness.app.request("/metrics")).text();
  return [...text.matchAll(/^ispn_helpdesk_request_duration_seconds_count\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}
