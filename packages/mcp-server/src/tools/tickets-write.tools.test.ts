import type { Ticket, TicketNote } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

describe("ticket write tools", () => {
  let h: Harness;
  afterEach(() => h.close());

  const create = async (args: Record<string, unknown> = {}) =>
    (await h.ok<{ ticket: Ticket }>("ticket_create", { subject: "Router keeps rebooting", ...args })).ticket;

  describe("ticket_create", () => {
    it("creates a ticket with lookups and people", async () => {
      h = await createHarness();
      const ticket = await create({
        description: "Reboots every 10 minutes since the firmware update",
        category: "Equipment",
        priority: "High",
        technician: { email: "sam.chen@ispn.example" },
        requester: { name: "Jordan Smith", email: "jordan.smith@example.com" },
      });
      expect(ticket).toMatchObject({
        subject: "Router keeps rebooting",
        category: "Equipment",
        priority: "High",
        status: "Open",
      });
      expect(ticket.technician?.name).toBe("Sam Chen");
      expect(await h.mock.getTicket(ticket.id)).toBeDefined();
    });

    it("lists the valid values when the helpdesk rejects a lookup field", async () => {
      h = await createHarness();
      const text = await h.fail("ticket_create", { subject: "Router keeps rebooting", priority: "Critical" });
      expect(text).toContain("The helpdesk rejected field(s) priority");
      expect(text).toContain("valid values: Low, Medium, High, Urgent");
      expect(text).toContain("helpdesk_metadata with kind=priorities");
      expect(text).toContain("call ticket_create again");
    });

    it("rejects a too-short subject through the input schema, naming the field", async () => {
      h = await createHarness();
      const text = await h.fail("ticket_create", { subject: "no" });
      expect(text).toMatch(/subject must be at least 3 characters.*subject/);
    });

    it("tells the model to search before retrying after an ambiguous create", async () => {
      h = await createHarness({ mock: { faults: { ambiguousCreates: 1 } } });
      const text = await h.fail("ticket_create", { subject: "Router keeps rebooting" });
      expect(text).toMatch(/may have been created\. Search first \(ticket_search/);
      expect((await h.mock.listTickets()).items).toHaveLength(1);
    });
  });

  describe("ticket_update", () => {
    it("changes only the given fields", async () => {
      h = await createHarness();
      const before = await create({ description: "Original description" });
      const { ticket } = await h.ok<{ ticket: Ticket }>("ticket_update", {
        ticketId: before.id,
        status: "In Progress",
        technician: { name: "Alex Rivera" },
      });
      expect(ticket).toMatchObject({
        status: "In Progress",
        description: "Original description",
        subject: before.subject,
      });
      expect(ticket.technician?.email).toBe("alex.rivera@ispn.example");
    });

    it("refuses an empty patch and changes nothing", async () => {
      h = await createHarness();
      const before = await create();
      const text = await h.fail("ticket_update", { ticketId: before.id });
      expect(text).toMatch(
        /Nothing was changed\. Fix the following.*\n- input: give at least one field to change/,
      );
    });

    it("lists valid statuses when the helpdesk refuses one", async () => {
      h = await createHarness();
      const before = await create();
      const text = await h.fail("ticket_update", { ticketId: before.id, status: "Done" });
      expect(text).toContain("rejected field(s) status");
      expect(text).toContain("valid values: Open, In Progress, On Hold, Resolved, Closed");
    });

    it("says the ticket does not exist", async () => {
      h = await createHarness();
      expect(await h.fail("ticket_update", { ticketId: "999", priority: "Low" })).toContain(
        "Ticket 999 does not exist",
      );
    });
  });

  describe("ticket_close", () => {
    it("closes with a closure code and comments, and closing again is harmless", async () => {
      h = await createHarness();
      const before = await create();
      const args = { ticketId: before.id, closureCode: "Success", comments: "Replaced the router" };
      const { ticket } = await h.ok<{ ticket: Ticket }>("ticket_close", args);
      expect(ticket).toMatchObject({
        status: "Closed",
        closure: { code: "Success", comments: "Replaced the router" },
      });
      expect((await h.ok<{ ticket: Ticket }>("ticket_close", args)).ticket.status).toBe("Closed");
    });

    it("asks for a resolution when the helpdesk needs one", async () => {
      h = await createHarness({ mock: { requireResolutionToClose: true } });
      const before = await create();
      const text = await h.fail("ticket_close", { ticketId: before.id });
      expect(text).toContain("resolution: the helpdesk needs a resolution first; pass resolution");
      const { ticket } = await h.ok<{ ticket: Ticket }>("ticket_close", {
        ticketId: before.id,
        resolution: "Router replaced",
      });
      expect(ticket).toMatchObject({ status: "Closed", resolution: "Router replaced" });
    });

    it("lists the valid closure codes for an unknown one", async () => {
      h = await createHarness();
      const before = await create();
      const text = await h.fail("ticket_close", { ticketId: before.id, closureCode: "Fixed" });
      expect(text).toContain("closure_code: valid values: Success, Failed");
    });
  });

  describe("ticket_add_note", () => {
    it("adds a private note by default, or a public one", async () => {
      h = await createHarness();
      const before = await create();
      const { note } = await h.ok<{ note: TicketNote }>("ticket_add_note", {
        ticketId: before.id,
        body: "Called back, no answer",
      });
      expect(note).toMatchObject({ ticketId: before.id, body: "Called back, no answer", public: false });
      const pub = await h.ok<{ note: TicketNote }>("ticket_add_note", {
        ticketId: before.id,
        body: "A technician visits tomorrow",
        public: true,
      });
      expect(pub.note.public).toBe(true);
      expect((await h.mock.listNotes(before.id)).items).toHaveLength(2);
    });

    it("refuses a note under 10 characters, and a missing ticket", async () => {
      h = await createHarness();
      const before = await create();
      expect(await h.fail("ticket_add_note", { ticketId: before.id, body: "ok" })).toMatch(
        /body must be at least 10 characters/,
      );
      expect(await h.fail("ticket_add_note", { ticketId: "404", body: "Called back, no answer" })).toContain(
        "Ticket 404 does not exist",
      );
    });

    it("reports an expired credential as a problem for an administrator", async () => {
      h = await createHarness();
      const before = await create();
      const { HelpdeskError } = await import("@ispn/core");
      h.mock.addNote = async () => {
        throw new HelpdeskError("auth", "token revoked");
      };
      const text = await h.fail("ticket_add_note", { ticketId: before.id, body: "Called back, no answer" });
      expect(text).toContain("rejected this server's credentials");
      expect(text).toContain("ask an administrator");
    });
  });
});
