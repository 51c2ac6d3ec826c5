import { DEFAULT_CONFIDENCE, type HandoffResult } from "@ispn/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, fourLineNote, type Harness } from "../testing/harness.ts";

describe("handoff tools", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  describe("handoff_submit", () => {
    it("creates a ticket, then joins it for the same caller and category", async () => {
      const first = await h.ok<HandoffResult>("handoff_submit", {
        note: fourLineNote(),
        callerNumber: "(415) 555-0123",
      });
      expect(first).toMatchObject({
        status: "ok",
        outcome: "created",
        created: true,
        category: "WiFi",
        confidence: "0.85",
      });
      expect(first.echo).toEqual({ oaKey: null, callerNumber: "+14155550123" });
      expect(first.spokenSummary).toContain(first.ticketNumber);

      const second = await h.ok<HandoffResult>("handoff_submit", {
        note: fourLineNote("WiFi", "Still no connection after reboot"),
        callerNumber: "+1 415 555 0123",
      });
      expect(second).toMatchObject({
        status: "ok",
        outcome: "existing",
        created: false,
        ticketId: first.ticketId,
      });
      const notes = await h.mock.listNotes(first.ticketId);
      expect(notes.items).toHaveLength(1);
      expect(notes.items[0]?.body).toContain("Still no connection after reboot");
    });

    it("records the MCP source as Manual unless another source is given", async () => {
      const result = await h.ok<HandoffResult>("handoff_submit", {
        note: fourLineNote(),
        callerNumber: "4155550100",
      });
      const ticket = await h.mock.getTicket(result.ticketId);
      expect(ticket?.description).toContain("Source: Manual");
      const other = await h.ok<HandoffResult>("handoff_submit", {
        note: fourLineNote("Billing", "Charged twice this month"),
        source: "voiceagent",
      });
      expect((await h.mock.getTicket(other.ticketId))?.description).toContain("Source: VoiceAgent");
    });

    it("lists each invalid field with its allowed values, and creates nothing", async () => {
      const text = await h.fail("handoff_submit", {
        note: "Customer cannot connect at all",
        category: "Wireless",
        confidence: 3,
        callerNumber: "12",
      });
      expect(text).toContain("The handoff was not submitted");
      expect(text).toMatch(/- category: "Wireless" is not allowed; use one of: Outage, WiFi/);
      expect(text).toMatch(/- confidence: .*between 0 and 1/);
      expect(text).toMatch(/- callerNumber: /);
      expect(text).toContain("call handoff_submit again");
      expect((await h.mock.listTickets()).items).toHaveLength(0);
    });

    it("keeps the handoff when the helpdesk is down, under a reference handoff_status resolves once delivered", async () => {
      h.mock.faults.set({ outage: true });
      const queued = await h.ok<HandoffResult>("handoff_submit", {
        note: fourLineNote(),
        callerNumber: "4155550100",
      });
      expect(queued).toMatchObject({ status: "ok", outcome: "queued", created: false });
      expect(queued.reference).toMatch(/^H-[0-9A-Z]{6}$/);
      expect(queued.spokenSummary).toContain("a technician will follow up");
      const spaced = queued.reference!.toLowerCase().split("").join(" ");
      expect(await h.ok("handoff_status", { reference: spaced })).toMatchObject({
        state: "queued",
        attempts: 0,
      });

      h.mock.faults.set({ outage: false });
      expect(await h.runtime.deliverer.deliverDue()).toBe(1);
      const [ticket] = (await h.mock.listTickets()).items;
      expect(await h.ok("handoff_status", { reference: queued.reference })).toMatchObject({
        state: "delivered",
        created: true,
        ticketId: ticket!.id,
        ticketNumber: ticket!.displayId,
      });
      // the caller's next handoff joins the delivered ticket
      expect(
        await h.ok("handoff_submit", { note: fourLineNote(), callerNumber: "4155550100" }),
      ).toMatchObject({
        outcome: "existing",
        ticketId: ticket!.id,
      });
    });

    it("queues a handoff the helpdesk refuses with a rate limit, and explains an unknown reference", async () => {
      h.mock.faults.set({ rateLimited: true, rateLimitRetryAfterMs: 12_000 });
      const queued = await h.ok<HandoffResult>("handoff_submit", {
        note: fourLineNote(),
        callerNumber: "4155550100",
      });
      expect(queued.outcome).toBe("queued");
      const text = await h.fail("handoff_status", { reference: "H-0000ZZ" });
      expect(text).toContain("no queued handoff has the reference H-0000ZZ");
      expect(await h.fail("handoff_status", { reference: "ticket 12" })).toContain("the letter H and six");
    });

    it("never logs the caller's number or the note", async () => {
      await h.ok("handoff_submit", { note: fourLineNote(), callerNumber: "(415) 555-0123" });
      await h.fail("handoff_submit", { note: fourLineNote(), callerNumber: "(415) 555-01" });
      const logged = JSON.stringify(h.logs);
      expect(h.logs.some((l) => l.fields.tool === "handoff_submit")).toBe(true);
      expect(logged).not.toMatch(/555-?0123|4155550123|555-01/);
      expect(logged).not.toContain("power outage");
    });
  });

  describe("ticket_find_or_create", () => {
    it("creates, then finds the same ticket and adds the summary as a note", async () => {
      const args = {
        callerNumber: "415-555-0199",
        category: "speed",
        summary: "Speeds far below plan every evening",
      };
      const first = await h.ok<HandoffResult>("ticket_find_or_create", args);
      expect(first).toMatchObject({ created: true, category: "Speed", confidence: "1" });
      const second = await h.ok<HandoffResult>("ticket_find_or_create", {
        ...args,
        summary: "Called again, still slow",
      });
      expect(second).toMatchObject({ created: false, ticketId: first.ticketId });
      const ticket = await h.mock.getTicket(first.ticketId);
      expect(ticket?.subject).toBe("[Speed] Speeds far below plan every evening");
    });

    it("requires the caller number (schema) and names summary, not note, in validation errors", async () => {
      const missing = await h.fail("ticket_find_or_create", {
        category: "WiFi",
        summary: "No signal upstairs",
      });
      expect(missing).toMatch(/callerNumber/);
      const short = await h.fail("ticket_find_or_create", {
        callerNumber: "4155550100",
        category: "WiFi",
        summary: "hi",
      });
      expect(short).toMatch(/- summary: .*at least 10/);
      expect(short).toContain("Nothing was created");
    });
  });

  describe("note_render", () => {
    it("renders the 4-line note from parts without touching the helpdesk", async () => {
      h.mock.faults.set({ outage: true });
      const result = await h.ok("note_render", {
        summary: "Router lights off\nsince this morning",
        category: "equipment",
        escalationReason: "technician required",
        confidence: "90%",
      });
      expect(result).toEqual({
        note: "Category: Equipment\nReason: TechnicianRequired\nSummary: Router lights off since this morning\nConfidence: 0.9",
        category: "Equipment",
        escalationReason: "TechnicianRequired",
        summary: "Router lights off since this morning",
        confidence: 0.9,
      });
    });

    it("reports a bad line of a draft note with the valid values", async () => {
      const text = await h.fail("note_render", {
        note: "Category: Wireless\nReason: TwoStepsNoResolve\nSummary: No signal\nConfidence: 0.7",
      });
      expect(text).toMatch(/note\.category: "Wireless" is not a category; use one of: Outage, WiFi/);
    });

    it("needs exactly one of note and summary", async () => {
      expect(await h.fail("note_render", {})).toContain("give either note or summary");
      expect(await h.fail("note_render", { note: fourLineNote(), summary: "x" })).toContain("exactly one");
    });

    it("assumes the default confidence when free text gives none", async () => {
      const result = await h.ok("note_render", { summary: "Internet drops every hour" });
      expect(result).toMatchObject({ confidence: DEFAULT_CONFIDENCE });
      expect(result.note).toContain(`Confidence: ${DEFAULT_CONFIDENCE}`);
    });
  });
});
