import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHelpdeskError } from "../errors.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import { isTicketOpen } from "../ticket.ts";
import { handoffContractCases } from "./helpdesk-contract-handoff.ts";

/** What a contract run needs: a fresh, empty-of-tickets helpdesk per test. */
export interface HelpdeskFixture {
  helpdesk: Helpdesk;
  teardown?: () => Promise<void>;
  /**
   * Makes the next create lose its answer after the ticket was made (a timeout after sending), so
   * that it throws "ambiguous". Optional: without it the lost-answer case is skipped.
   */
  loseNextCreateAnswer?: () => void;
}

async function expectHelpdeskError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isHelpdeskError(error), `expected a HelpdeskError "${code}", got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

/**
 * The behaviour every `Helpdesk` implementation must share. Call it from a test file of the
 * implementation's package with a factory that returns a fresh helpdesk (no tickets) per test.
 */
export function runHelpdeskContract(name: string, setup: () => Promise<HelpdeskFixture>): void {
  describe(`Helpdesk contract: ${name}`, () => {
    let fixture: HelpdeskFixture;
    let helpdesk: Helpdesk;
    beforeEach(async () => {
      fixture = await setup();
      helpdesk = fixture.helpdesk;
    });
    afterEach(async () => {
      await fixture.teardown?.();
    });

    it("creates a ticket that can be read back, open, with ids, link and times", async () => {
      const created = await helpdesk.createTicket({
        subject: "Customer unable to connect",
        description: "Router lights off after power outage",
        category: "WiFi",
        priority: "High",
      });
      expect(created.id).toMatch(/\S/);
      expect(created.displayId).toMatch(/\S/);
      expect(created.subject).toBe("Customer unable to connect");
      expect(created.status).toBe("Open");
      expect(isTicketOpen(created)).toBe(true);
      expect(created.category).toBe("WiFi");
      expect(created.priority).toBe("High");
      expect(created.url).toMatch(/\S/);
      expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
      const read = await helpdesk.getTicket(created.id);
      expect(read?.id).toBe(created.id);
      expect(read?.displayId).toBe(created.displayId);
      expect(read?.subject).toBe(created.subject);
      expect(read?.description).toContain("Router lights off");
    });

    it("gives every ticket its own id and display id", async () => {
      const a = await helpdesk.createTicket({ subject: "first ticket", description: "a" });
      const b = await helpdesk.createTicket({ subject: "second ticket", description: "b" });
      expect(a.id).not.toBe(b.id);
      expect(a.displayId).not.toBe(b.displayId);
    });

    it("answers undefined for a ticket that does not exist", async () => {
      expect(await helpdesk.getTicket("999999999999999999")).toBeUndefined();
    });

    it("updates fields and reports not_found for a missing ticket", async () => {
      const created = await helpdesk.createTicket({ subject: "Slow speeds", description: "evenings" });
      const updated = await helpdesk.updateTicket(created.id, { status: "In Progress", priority: "Low" });
      expect(updated.status).toBe("In Progress");
      expect(updated.priority).toBe("Low");
      expect((await helpdesk.getTicket(created.id))?.status).toBe("In Progress");
      await expectHelpdeskError(
        helpdesk.updateTicket("999999999999999999", { priority: "Low" }),
        "not_found",
      );
    });

    it("refuses a status the helpdesk does not know, naming the field", async () => {
      const created = await helpdesk.createTicket({ subject: "Bad status", description: "x" });
      const error = await helpdesk
        .updateTicket(created.id, { status: "Nonexistent Status" })
        .catch((e: unknown) => e);
      expect(isHelpdeskError(error)).toBe(true);
      expect((error as { code: string }).code).toBe("invalid");
      expect((error as { fields: string[] }).fields).toContain("status");
    });

    it("adds notes and lists them oldest first; a missing ticket is not_found", async () => {
      const created = await helpdesk.createTicket({ subject: "Email down", description: "x" });
      await helpdesk.addNote(created.id, { body: "first caller" });
      const second = await helpdesk.addNote(created.id, { body: "second caller", public: true });
      expect(second.ticketId).toBe(created.id);
      expect(second.public).toBe(true);
      const notes = await helpdesk.listNotes(created.id);
      expect(notes.items.map((n) => n.body.replace(/<[^>]+>/g, ""))).toEqual([
        "first caller",
        "second caller",
      ]);
      await expectHelpdeskError(helpdesk.addNote("999999999999999999", { body: "lost?" }), "not_found");
    });

    it("closes a ticket with a closure code and comments, which ends it", async () => {
      const created = await helpdesk.createTicket({ subject: "TV no signal", description: "x" });
      const closed = await helpdesk.closeTicket(created.id, {
        closureCode: "Success",
        comments: "Fixed remotely",
        resolution: "Re-provisioned the set-top box",
      });
      expect(closed.status).toBe("Closed");
      expect(isTicketOpen(closed)).toBe(false);
      const read = await helpdesk.getTicket(created.id);
      expect(read?.status).toBe("Closed");
      expect(read?.closure?.code).toBe("Success");
      expect(read?.closure?.comments).toBe("Fixed remotely");
      await expectHelpdeskError(helpdesk.closeTicket("999999999999999999", {}), "not_found");
    });

    it("lists newest first in 1-based pages without overlap", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await helpdesk.createTicket({ subject: `paging ${i}`, description: "x" })).id);
      }
      const first = await helpdesk.listTickets({ page: { startIndex: 1, rowCount: 2 } });
      expect(first.items).toHaveLength(2);
      expect(first.hasMore).toBe(true);
      expect(first.startIndex).toBe(1);
      const second = await helpdesk.listTickets({ page: { startIndex: 3, rowCount: 2 } });
      const third = await helpdesk.listTickets({ page: { startIndex: 5, rowCount: 2 } });
      expect(third.hasMore).toBe(false);
      const seen = [...first.items, ...second.items, ...third.items].map((t) => t.id);
      expect(seen).toEqual([...ids].reverse());
    });

    it("filters the list by status", async () => {
      const open = await helpdesk.createTicket({ subject: "stays open", description: "x" });
      const done = await helpdesk.createTicket({ subject: "gets closed", description: "x" });
      await helpdesk.closeTicket(done.id, { closureCode: "Success", resolution: "done" });
      const onlyOpen = await helpdesk.listTickets({ status: "Open" });
      expect(onlyOpen.items.map((t) => t.id)).toEqual([open.id]);
      const onlyClosed = await helpdesk.listTickets({ status: ["Closed"] });
      expect(onlyClosed.items.map((t) => t.id)).toEqual([done.id]);
    });

    it("searches subject text", async () => {
      await helpdesk.createTicket({ subject: "Fiber cut on Main Street", description: "x" });
      await helpdesk.createTicket({ subject: "Billing question", description: "x" });
      const found = await helpdesk.searchTickets("fiber cut");
      expect(found.items.map((t) => t.subject)).toEqual(["Fiber cut on Main Street"]);
    });

    it("finds a ticket by the marker it was created with", async () => {
      const created = await helpdesk.createTicket({
        subject: "marker ticket",
        description: "x",
        marker: "conv_01hx7y2marker",
      });
      expect((await helpdesk.findTicketByMarker("conv_01hx7y2marker"))?.id).toBe(created.id);
      expect(await helpdesk.findTicketByMarker("conv_unknown_marker")).toBeUndefined();
    });

    it("lists the valid statuses, priorities and categories", async () => {
      const statuses = (await helpdesk.listMetadata("statuses")).map((m) => m.name);
      expect(statuses).toEqual(expect.arrayContaining(["Open", "Closed"]));
      expect((await helpdesk.listMetadata("priorities")).length).toBeGreaterThan(0);
      expect((await helpdesk.listMetadata("categories")).length).toBeGreaterThan(0);
    });

    handoffContractCases(() => ({ helpdesk, fixture }));

    it("reports itself healthy", async () => {
      const report = await helpdesk.health();
      expect(report.ok).toBe(true);
      expect(report.kind).toBe(helpdesk.kind);
    });
  });
}
