import { createHandoffService, createMemoryStores, type Handoff } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk, type SdpHelpdeskOptions } from "./index.ts";

/** SDP API calls per handoff, counted by the SDP-compatible mock itself (`apiCalls()`). */

let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const caller = (n: number, category = "WiFi"): Handoff => ({
  note: `Category: ${category}\nReason: CallerRequested\nSummary: caller ${n}\nConfidence: 0.9`,
  summary: `caller ${n}`,
  category,
  escalationReason: "CallerRequested",
  confidence: 0.9,
  source: "VoiceAgent",
  callerNumber: `+1555123${String(n).padStart(4, "0")}`,
  conversationId: `conv_${n}_${category}`,
});
const repeat = (n: number, conversation: string): Handoff => ({ ...caller(n), conversationId: conversation });

async function setup(options: Omit<SdpHelpdeskOptions, "client"> = {}) {
  const clock = { now: 1_800_000_000_000 };
  fixture = await startMockWithClient({ client: { now: () => clock.now } });
  const { mock, client } = fixture;
  const helpdesk = createSdpHelpdesk({ client, ...options });
  const service = createHandoffService({ helpdesk, dedup: createMemoryStores().dedup });
  /** SDP API calls made by `run`. */
  const callsOf = async (run: () => Promise<unknown>) => {
    const before = mock.apiCalls();
    await run();
    return mock.apiCalls() - before;
  };
  return { mock, client, helpdesk, service, clock, callsOf };
}

describe("SDP calls per handoff against the SDP-compatible mock", () => {
  it("a new ticket is one call with the default mapping, and a dedup hit is one call (its note)", async () => {
    const { helpdesk, service, callsOf } = await setup();
    await service.submit(caller(1)); // the first call also mints the token
    expect(await callsOf(() => service.submit(caller(2)))).toBe(1);
    let ticketId = "";
    expect(
      await callsOf(async () => {
        ticketId = (await service.submit(repeat(2, "conv_again"))).ticketId;
      }),
    ).toBe(1);
    const notes = await helpdesk.listNotes(ticketId);
    expect(notes.items.map((n) => n.body).join("\n")).toContain("conv_again");
  });

  it("a ticket closed through the adapter ends its window at once: the next caller gets a new ticket", async () => {
    const { helpdesk, service } = await setup();
    const first = await service.submit(caller(3));
    await helpdesk.closeTicket(first.ticketId, { closureCode: "Success", resolution: "fixed" });
    const next = await service.submit(repeat(3, "conv_after_close"));
    expect(next.ticketId).not.toBe(first.ticketId);
    expect(next.outcome).toBe("created");
  });

  it("a request closed through another part of the same client (request work, a problem's close) ends the window at once", async () => {
    const { client, service } = await setup();
    const first = await service.submit(caller(6));
    await client.requests.close(first.ticketId, { closureCode: "Success", resolution: "fixed" });
    const next = await service.submit(repeat(6, "conv_after_other_close"));
    expect(next.ticketId).not.toBe(first.ticketId);
  });

  it("a ticket closed in SDP by a technician is seen closed once the view's staleness has passed", async () => {
    const { mock, service, clock } = await setup({ caches: { openTicketMaxAgeMs: 30_000 } });
    const first = await service.submit(caller(4));
    await mock.helpdesk.closeTicket(first.ticketId, { closureCode: "Success", resolution: "fixed" });
    // Within the documented staleness the hit may still join the just-closed ticket …
    expect((await service.submit(repeat(4, "conv_stale"))).ticketId).toBe(first.ticketId);
    // … and never after it.
    clock.now += 30_001;
    const later = await service.submit(repeat(4, "conv_fresh"));
    expect(later.ticketId).not.toBe(first.ticketId);
  });

  it("with phone matching on, a caller's requester is looked up once, not for each of their tickets", async () => {
    const { service, callsOf } = await setup({ mapping: { matchRequesterByPhone: true } });
    await service.submit(caller(9, "Billing"));
    expect(await callsOf(() => service.submit(caller(5, "WiFi")))).toBe(2); // lookup + create
    expect(await callsOf(() => service.submit(caller(5, "Billing")))).toBe(1); // create only
  });
});
