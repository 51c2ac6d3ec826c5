import { createMemoryStores, StoreError, type Stores } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, FOUR_LINE, type Harness, handoffBody, postHandoff } from "../../test/harness.ts";

let h: Harness;
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

  it("answers 503 with Retry-After when the helpdesk is down, and releases the claim", async () => {
    h = await createHarness();
    h.helpdesk.faults.set({ outage: true });
    const down = await postHandoff(h, handoffBody());
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await down.json()).error.code).toBe("helpdesk_unavailable");
    h.helpdesk.faults.reset();
    const retry = await postHandoff(h, handoffBody());
    expect(retry.status).toBe(200);
    expect((await retry.json()).created).toBe(true);
  });

  it("answers 503 within the budget when the helpdesk is too slow, leaving no ticket behind", async () => {
    h = await createHarness({ handoffBudgetMs: 500 });
    h.helpdesk.faults.set({ latencyMs: 5000 });
    const res = await postHandoff(h, handoffBody());
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("helpdesk_timeout");
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    h.helpdesk.faults.reset();
    expect((await h.helpdesk.listTickets()).items).toHaveLength(0);
    const retry = await postHandoff(h, handoffBody());
    expect((await retry.json()).created).toBe(true);
  });

  it("answers 503 when the store is down", async () => {
    const broken: Stores = createMemoryStores();
    const failing = {
      ...broken,
      dedup: {
        ...broken.dedup,
        claim: async () => {
          throw new StoreError("redis is down");
        },
      },
    } as Stores;
    h = await createHarness({}, { stores: failing });
    const res = await postHandoff(h, handoffBody());
    expect(res.status).toBe(503);
    const { error } = await res.json();
    expect(error.code).toBe("store_unavailable");
    expect(error.message).not.toContain("redis is down");
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
