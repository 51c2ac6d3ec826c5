import type { Ticket } from "@ispn/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

interface PageOut {
  tickets: { id: string; subject: string; excerpt: string; status: string }[];
  startIndex: number;
  total?: number;
  nextCursor?: string;
}

describe("ticket read tools", () => {
  let h: Harness;
  let tickets: Ticket[];
  beforeEach(async () => {
    let clock = Date.parse("2025-06-01T08:00:00Z");
    h = await createHarness({ mock: { now: () => (clock += 60_000) } });
    tickets = [];
    for (let i = 1; i <= 5; i++) {
      tickets.push(
        await h.mock.createTicket({
          subject: `Router problem ${i}`,
          description: `<p>Line one of ticket ${i}</p>${"x".repeat(300)}`,
          category: i % 2 ? "Equipment" : "WiFi",
        }),
      );
    }
  });
  afterEach(() => h.close());

  describe("ticket_get", () => {
    it("returns the full ticket with its notes", async () => {
      const target = tickets[0]!;
      await h.mock.addNote(target.id, { body: "Called the customer back" });
      const out = await h.ok<{ ticket: Ticket; notes: { body: string }[]; moreNotes: boolean }>(
        "ticket_get",
        {
          ticketId: target.id,
        },
      );
      expect(out.ticket).toMatchObject({
        id: target.id,
        subject: target.subject,
        description: target.description,
      });
      expect(out.notes.map((n) => n.body)).toEqual(["Called the customer back"]);
      expect(out.moreNotes).toBe(false);
    });

    it("leaves the notes out on request", async () => {
      const out = await h.ok<Record<string, unknown>>("ticket_get", {
        ticketId: tickets[0]!.id,
        includeNotes: false,
      });
      expect(Object.keys(out)).toEqual(["ticket"]);
    });

    it("accepts a small numeric id, and asks for a string when a number cannot hold the id", async () => {
      expect(await h.fail("ticket_get", { ticketId: 42 })).toContain("Ticket 42 does not exist");
      expect(await h.fail("ticket_get", { ticketId: Number("123640000001001013") })).toMatch(
        /send it as a string/,
      );
    });

    it("says how to find the right id when the ticket does not exist", async () => {
      const text = await h.fail("ticket_get", { ticketId: "9999" });
      expect(text).toContain("Ticket 9999 does not exist");
      expect(text).toContain("ticket_search");
    });
  });

  describe("ticket_list", () => {
    it("pages newest first with an opaque cursor until the last page", async () => {
      const first = await h.ok<PageOut>("ticket_list", { limit: 2 });
      expect(first.tickets.map((t) => t.subject)).toEqual(["Router problem 5", "Router problem 4"]);
      expect(first.total).toBe(5);
      const second = await h.ok<PageOut>("ticket_list", { cursor: first.nextCursor });
      expect(second.startIndex).toBe(3);
      expect(second.tickets.map((t) => t.subject)).toEqual(["Router problem 3", "Router problem 2"]);
      const third = await h.ok<PageOut>("ticket_list", { cursor: second.nextCursor });
      expect(third.tickets.map((t) => t.subject)).toEqual(["Router problem 1"]);
      expect(third.nextCursor).toBeUndefined();
    });

    it("cuts descriptions to a plain-text excerpt", async () => {
      const out = await h.ok<PageOut>("ticket_list", {});
      const excerpt = out.tickets[0]!.excerpt;
      expect(excerpt.startsWith("Line one of ticket 5 xxx")).toBe(true);
      expect(excerpt.length).toBeLessThanOrEqual(160);
      expect(excerpt.endsWith("…")).toBe(true);
    });

    it("filters by category, status and creation time", async () => {
      await h.mock.closeTicket(tickets[4]!.id, {});
      const equipment = await h.ok<PageOut>("ticket_list", {
        category: "equipment",
        status: ["Open", "In Progress"],
      });
      expect(equipment.tickets.map((t) => t.subject)).toEqual(["Router problem 3", "Router problem 1"]);
      const recent = await h.ok<PageOut>("ticket_list", { createdAfter: tickets[2]!.createdAt });
      expect(recent.tickets.map((t) => t.subject)).toEqual(["Router problem 5", "Router problem 4"]);
    });

    it("refuses an unknown status with the valid ones, and a bad date", async () => {
      const text = await h.fail("ticket_list", { status: "Pending", createdAfter: "last tuesday" });
      expect(text).toMatch(
        /- status: "Pending" not known; valid values: Open, In Progress, On Hold, Resolved, Closed/,
      );
      expect(text).toMatch(/- createdAfter: "last tuesday" is not an ISO-8601 date/);
    });

    it("refuses a cursor that is not ours or belongs to other filters", async () => {
      expect(await h.fail("ticket_list", { cursor: "garbage" })).toMatch(
        /- cursor: is not a cursor from this tool/,
      );
      const page = await h.ok<PageOut>("ticket_list", { limit: 1 });
      const text = await h.fail("ticket_list", { cursor: page.nextCursor, category: "WiFi" });
      expect(text).toMatch(/- cursor: belongs to a query with other filters/);
    });

    it("reports an outage as temporary", async () => {
      h.mock.faults.set({ outage: true });
      expect(await h.fail("ticket_list", {})).toMatch(/temporary\)\. Retry ticket_list in \d+ seconds/);
    });
  });

  describe("ticket_search", () => {
    it("finds text in subject and description, with paging", async () => {
      const out = await h.ok<PageOut>("ticket_search", { text: "router problem", limit: 3 });
      expect(out.tickets).toHaveLength(3);
      expect(out.nextCursor).toBeDefined();
      const rest = await h.ok<PageOut>("ticket_search", { text: "router problem", cursor: out.nextCursor });
      expect(rest.tickets.map((t) => t.subject)).toEqual(["Router problem 2", "Router problem 1"]);
      const one = await h.ok<PageOut>("ticket_search", { text: "ticket 3" });
      expect(one.tickets.map((t) => t.subject)).toEqual(["Router problem 3"]);
    });

    it("does not reuse a cursor across different search text", async () => {
      const out = await h.ok<PageOut>("ticket_search", { text: "router", limit: 1 });
      expect(await h.fail("ticket_search", { text: "ticket", cursor: out.nextCursor })).toContain(
        "other filters",
      );
    });

    it("needs at least two characters", async () => {
      expect(await h.fail("ticket_search", { text: "x" })).toMatch(/text must be at least 2 characters/);
    });
  });

  describe("ticket_list_notes", () => {
    it("pages a ticket's notes oldest first", async () => {
      const id = tickets[1]!.id;
      for (const n of [1, 2, 3]) await h.mock.addNote(id, { body: `Note number ${n}` });
      const first = await h.ok<{ notes: { body: string }[]; nextCursor?: string }>("ticket_list_notes", {
        ticketId: id,
        limit: 2,
      });
      expect(first.notes.map((n) => n.body)).toEqual(["Note number 1", "Note number 2"]);
      const second = await h.ok<{ notes: { body: string }[]; nextCursor?: string }>("ticket_list_notes", {
        ticketId: id,
        cursor: first.nextCursor,
      });
      expect(second.notes.map((n) => n.body)).toEqual(["Note number 3"]);
      expect(second.nextCursor).toBeUndefined();
    });

    it("says the ticket does not exist", async () => {
      expect(await h.fail("ticket_list_notes", { ticketId: "42" })).toContain("Ticket 42 does not exist");
    });
  });
});
