import type { Ticket } from "@ispn/core";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RESOURCE_NOT_FOUND } from "./resources.ts";
import { createHarness, type Harness } from "./testing/harness.ts";

describe("resources", () => {
  let h: Harness;
  let ticket: Ticket;
  beforeEach(async () => {
    h = await createHarness();
    ticket = await h.mock.createTicket({
      subject: "No dial tone",
      description: "Landline silent since Monday",
    });
    await h.mock.addNote(ticket.id, { body: "Line test scheduled" });
  });
  afterEach(() => h.close());

  const readJson = async (uri: string) => {
    const out = await h.client.readResource({ uri });
    const first = out.contents[0];
    expect(first?.mimeType).toBe("application/json");
    return JSON.parse(first && "text" in first ? first.text : "") as Record<string, unknown>;
  };

  it("offers the templates, recent tickets, every lookup list and the taxonomy", async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "helpdesk://metadata/{kind}",
      "helpdesk://tickets/{id}",
      "helpdesk://tickets/{ticketId}/attachments/{attachmentId}",
    ]);
    const { resources } = await h.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain(`helpdesk://tickets/${ticket.id}`);
    expect(resources.find((r) => r.uri === `helpdesk://tickets/${ticket.id}`)?.name).toBe(
      `#${ticket.displayId} No dial tone`,
    );
    expect(uris).toContain("helpdesk://metadata/statuses");
    expect(uris).toContain("helpdesk://handoff-taxonomy");
  });

  it("reads a ticket with its notes", async () => {
    const out = await readJson(`helpdesk://tickets/${ticket.id}`);
    expect(out.ticket).toMatchObject({ id: ticket.id, subject: "No dial tone" });
    expect(out.notes).toEqual([expect.objectContaining({ body: "Line test scheduled" })]);
  });

  it("answers a missing ticket with resource-not-found and the usual advice", async () => {
    const error = await h.client.readResource({ uri: "helpdesk://tickets/77" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(RESOURCE_NOT_FOUND);
    expect((error as McpError).message).toContain("Ticket 77 does not exist");
  });

  it("answers a helpdesk outage with an internal error that says to retry", async () => {
    h.mock.faults.set({ outage: true });
    const error = (await h.client
      .readResource({ uri: `helpdesk://tickets/${ticket.id}` })
      .catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(/temporary\)\. Retry reading helpdesk:\/\/tickets\/\d+ in \d+ seconds/);
  });

  it("reads a lookup list and refuses an unknown kind", async () => {
    const out = await readJson("helpdesk://metadata/priorities");
    expect((out.items as { name: string }[]).map((i) => i.name)).toEqual(["Low", "Medium", "High", "Urgent"]);
    const error = (await h.client
      .readResource({ uri: "helpdesk://metadata/colours" })
      .catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("helpdesk://metadata/statuses");
  });

  it("completes metadata kinds", async () => {
    const out = await h.client.complete({
      ref: { type: "ref/resource", uri: "helpdesk://metadata/{kind}" },
      argument: { name: "kind", value: "pri" },
    });
    expect(out.completion.values).toEqual(["priorities"]);
  });

  it("reads the handoff taxonomy", async () => {
    const out = await readJson("helpdesk://handoff-taxonomy");
    expect(out.categories).toContain("WiFi");
    expect(out.escalationReasons).toContain("TwoStepsNoResolve");
  });
});
