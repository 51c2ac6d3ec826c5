import { handoffTicketInput, prepareHandoff, type Ticket } from "@ispn/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

/** People name tickets by the number they were told and callers by their number, in any format. */

interface PageOut {
  tickets: { id: string; displayId: string; subject: string }[];
}

describe("ticket lookups the way people talk", () => {
  let h: Harness;
  let caller: Ticket;
  let other: Ticket;
  beforeEach(async () => {
    h = await createHarness();
    other = await h.mock.createTicket({ subject: "Billing question", description: "Caller: +12125550199" });
    const handoff = prepareHandoff({
      note: "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Router drops WiFi every evening\nConfidence: 0.8",
      callerNumber: "+14155550123",
    });
    if (!handoff.ok) throw new Error("bad fixture");
    caller = await h.mock.createTicket(handoffTicketInput(handoff.value, "conv_lookup"));
  });
  afterEach(() => h.close());

  it("ticket_get accepts the short ticket number, with or without '#', as well as the id", async () => {
    for (const ticketId of [caller.displayId, `#${caller.displayId}`, caller.id]) {
      const out = await h.ok<{ ticket: Ticket }>("ticket_get", { ticketId, includeNotes: false });
      expect(out.ticket.id).toBe(caller.id);
    }
    expect(caller.displayId).toBe("1002");
    const byNumber = await h.ok<{ ticket: Ticket }>("ticket_get", { ticketId: 1001, includeNotes: false });
    expect(byNumber.ticket.id).toBe(other.id);
  });

  it("ticket_get says a ticket number nobody has does not exist", async () => {
    expect(await h.fail("ticket_get", { ticketId: "#4242" })).toContain("Ticket #4242 does not exist");
  });

  it("ticket_get returns the notes of a ticket named by its number", async () => {
    await h.mock.addNote(caller.id, { body: "Called back" });
    const out = await h.ok<{ notes: { body: string }[] }>("ticket_get", { ticketId: "#1002" });
    expect(out.notes.map((n) => n.body)).toEqual(["Called back"]);
  });

  it.each(["(415) 555-0123", "415.555.0123", "+1 415 555 0123", "4155550123", "+14155550123"])(
    "ticket_search finds the caller's ticket by the phone number %s",
    async (text) => {
      const out = await h.ok<PageOut>("ticket_search", { text });
      expect(out.tickets.map((t) => t.id)).toEqual([caller.id]);
    },
  );

  it("ticket_search puts the ticket with that number first, then text matches", async () => {
    const mentions = await h.mock.createTicket({ subject: "Unit 1002 has no dial tone", description: "x" });
    for (const text of ["1002", "#1002"]) {
      const out = await h.ok<PageOut>("ticket_search", { text });
      expect(out.tickets[0]?.id).toBe(caller.id);
      expect(out.tickets.map((t) => t.id)).toContain(mentions.id);
      expect(out.tickets.filter((t) => t.id === caller.id)).toHaveLength(1);
    }
  });
});
