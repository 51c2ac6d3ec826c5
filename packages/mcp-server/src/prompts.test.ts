import type { Ticket } from "@ispn/core";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./testing/harness.ts";

describe("prompts", () => {
  let h: Harness;
  let ticket: Ticket;
  beforeEach(async () => {
    h = await createHarness();
    ticket = await h.mock.createTicket({
      subject: "Area outage in Northside",
      description: "Many calls since 7am",
    });
  });
  afterEach(() => h.close());

  it("lists both prompts with their arguments", async () => {
    const { prompts } = await h.client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["draft_handoff_note", "triage_ticket"]);
    expect(byName.triage_ticket?.arguments).toEqual([
      expect.objectContaining({ name: "ticketId", required: true }),
    ]);
    expect(byName.draft_handoff_note?.arguments?.map((a) => [a.name, a.required])).toEqual([
      ["callerSaid", true],
      ["callerNumber", false],
    ]);
  });

  it("triage_ticket embeds the ticket and the valid statuses and priorities", async () => {
    const out = await h.client.getPrompt({ name: "triage_ticket", arguments: { ticketId: ticket.id } });
    const [instructions, attached] = out.messages;
    const text = instructions?.content.type === "text" ? instructions.content.text : "";
    expect(text).toContain(`#${ticket.displayId}`);
    expect(text).toContain("one of: Low, Medium, High, Urgent");
    expect(text).toContain("one of: Open, In Progress, On Hold, Resolved, Closed");
    expect(text).toContain("Alex Rivera");
    expect(attached?.content.type).toBe("resource");
    const resource = attached?.content.type === "resource" ? attached.content.resource : undefined;
    expect(resource?.uri).toBe(`helpdesk://tickets/${ticket.id}`);
    expect(resource && "text" in resource ? resource.text : "").toContain("Area outage in Northside");
  });

  it("triage_ticket refuses a missing ticket with advice", async () => {
    const error = (await h.client
      .getPrompt({ name: "triage_ticket", arguments: { ticketId: "5" } })
      .catch((e: unknown) => e)) as McpError;
    expect(error).toBeInstanceOf(McpError);
    expect(error.code).toBe(-32602);
    expect(error.message).toContain("Ticket 5 does not exist");
  });

  it("triage_ticket reports an outage as temporary", async () => {
    h.mock.faults.set({ outage: true });
    const error = (await h.client
      .getPrompt({ name: "triage_ticket", arguments: { ticketId: ticket.id } })
      .catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(/temporary/);
  });

  it("draft_handoff_note gives the 4-line format with the taxonomy and the caller's number", async () => {
    const out = await h.client.getPrompt({
      name: "draft_handoff_note",
      arguments: { callerSaid: "My internet has been down since the storm", callerNumber: "+14155550100" },
    });
    const first = out.messages[0]?.content;
    const text = first?.type === "text" ? first.text : "";
    expect(text).toContain('"""My internet has been down since the storm"""');
    expect(text).toContain("Category: <one of: Outage, WiFi");
    expect(text).toContain("Reason: <why a person is needed, one of: CallerRequested");
    expect(text).toContain("note_render");
    expect(text).toContain('callerNumber "+14155550100"');
  });

  it("draft_handoff_note requires what the caller said", async () => {
    await expect(h.client.getPrompt({ name: "draft_handoff_note", arguments: {} })).rejects.toThrow(
      /callerSaid/,
    );
  });
});
