import type { Handoff } from "@ispn/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callTool, createMcpFixture, MCP_TOKENS, type McpFixture, textOf } from "../../test/mcp-fixture.ts";

const A = "+14155550101";
const B = "+14155550202";

describe("the voice profile: a voice token sees only the caller of its call", () => {
  let f: McpFixture;
  let ticketA: { id: string; number: string };
  let ticketB: { id: string; number: string };
  const handoffOf = (caller: string, note: string, category = "WiFi"): Handoff => {
    const prepared = f.runtime.prepare({
      note,
      category,
      escalationReason: "TwoStepsNoResolve",
      callerNumber: caller,
      source: "VoiceAgent",
    });
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
    return prepared.value;
  };
  beforeEach(async () => {
    f = await createMcpFixture();
    const a = await f.runtime.handoffs.submit(handoffOf(A, "WiFi drops every evening for caller A"));
    const b = await f.runtime.handoffs.submit(handoffOf(B, "Secret problem of caller B with the router"));
    ticketA = { id: a.ticketId, number: a.ticketNumber };
    ticketB = { id: b.ticketId, number: b.ticketNumber };
    // B's ticket that mentions A's number: a text search for A finds it, but it is not A's
    await f.runtime.handoffs.submit(
      handoffOf(B, `Secret problem of caller B; neighbour ${A} is affected too`, "Connectivity"),
    );
    await f.runtime.stores.outbox.enqueue({
      entry: {
        reference: "H-BBBBBB",
        handoffId: "hb",
        handoff: handoffOf(B, "Queued problem of caller B"),
        reason: "test",
        queuedAt: Date.now(),
      },
      availableAt: Date.now() + 3_600_000,
    });
  });
  afterEach(() => f.close());

  it("offers only the caller's tools", async () => {
    const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": A });
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["caller_tickets", "handoff_status", "handoff_submit"]);
  });

  it("lists the caller's own open tickets, never another caller's, whatever the arguments say", async () => {
    const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": A });
    const result = await callTool(client, "caller_tickets", { callerNumber: B });
    const tickets = (result.structuredContent as { tickets: { ticketNumber: string }[] }).tickets;
    expect(tickets.map((t) => t.ticketNumber)).toEqual([ticketA.number]);
  });

  it("takes the caller from every documented form of the header value", async () => {
    for (const value of [A, "14155550101", "(415) 555-0101", `tel:${A}`, `sip:${A}@sip.example.net`]) {
      const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": value });
      const result = await callTool(client, "caller_tickets");
      const tickets = (result.structuredContent as { tickets: { ticketNumber: string }[] }).tickets;
      expect({ value, tickets: tickets.map((t) => t.ticketNumber) }).toEqual({
        value,
        tickets: [ticketA.number],
      });
    }
    for (const value of ["{{system__caller_id}}", "anonymous"]) {
      const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": value });
      const result = await callTool(client, "caller_tickets");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("no caller number");
    }
  });

  it("cannot read another caller's ticket by id, by number, by search or as a resource", async () => {
    const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": A });
    const attempts = [
      await callTool(client, "ticket_get", { ticketId: ticketB.id }),
      await callTool(client, "ticket_get", { ticketId: `#${ticketB.number}` }),
      await callTool(client, "ticket_list_notes", { ticketId: ticketB.id }),
      await callTool(client, "ticket_search", { text: B }),
      await callTool(client, "ticket_search", { text: "Secret problem" }),
      await callTool(client, "ticket_list", {}),
      await callTool(client, "handoff_status", { reference: "H-BBBBBB" }),
    ];
    for (const result of attempts) {
      expect(result.isError).toBe(true);
      expect(textOf(result)).not.toContain("Secret problem");
      expect(textOf(result)).not.toContain("Queued problem");
    }
    await expect(client.readResource({ uri: `helpdesk://tickets/${ticketB.id}` })).rejects.toThrow();
    // no resources at all: the list is empty or the method is not there
    const listed = await client.listResources().catch(() => ({ resources: [] }));
    expect(listed.resources).toEqual([]);
  });

  it("cannot change another caller's ticket: writes are refused and a handoff is always the caller's own", async () => {
    const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": A });
    const before = (await f.mock.listNotes(ticketB.id)).items.length;
    for (const [tool, args] of [
      ["ticket_add_note", { ticketId: ticketB.id, body: "note from the wrong caller" }],
      ["ticket_update", { ticketId: ticketB.id, status: "Closed" }],
      ["ticket_close", { ticketId: ticketB.id }],
      ["ticket_find_or_create", { callerNumber: B, category: "WiFi", summary: "joining B's ticket" }],
    ] as const) {
      const result = await callTool(client, tool, args);
      expect({ tool, refused: result.isError }).toEqual({ tool, refused: true });
    }
    const handoff = await callTool(client, "handoff_submit", {
      note: "Router keeps rebooting",
      category: "WiFi",
      escalationReason: "TwoStepsNoResolve",
      callerNumber: B,
    });
    expect(handoff.isError).toBeFalsy();
    expect((handoff.structuredContent as { ticketId: string }).ticketId).toBe(ticketA.id);
    expect((await f.mock.listNotes(ticketB.id)).items.length).toBe(before);
    expect((await f.mock.getTicket(ticketB.id))?.status).toBe("Open");
    const audit = await f.runtime.stores.audit.query({ actor: "Voice agent", tool: "handoff_submit" });
    expect(audit).toMatchObject([
      { via: "voice", outcome: "ok", ticketId: ticketA.id, caller: "+1******0101" },
    ]);
  });

  it("finds the caller's own queued reference", async () => {
    const client = await f.connect(MCP_TOKENS.voice, { "x-caller-id": B });
    const result = await callTool(client, "handoff_status", { reference: "h bbbbbb" });
    expect(result.structuredContent).toMatchObject({ reference: "H-BBBBBB", state: "queued" });
  });
});
