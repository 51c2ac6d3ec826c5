import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./testing/harness.ts";
import { TOOL_SCOPES } from "./tool-scopes.ts";

describe("the audit log of MCP writes", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("records a stdio write under the local user's name, unsigned on the ticket, reads untouched", async () => {
    h = await createHarness({ deps: { localActorName: "dana (stdio)" } });
    const ticket = await h.mock.createTicket({
      subject: "No dial tone",
      description: "line dead since noon",
    });
    await h.ok("ticket_add_note", { ticketId: ticket.id, body: "Checked the line remotely." });
    await h.ok("ticket_get", { ticketId: ticket.id });
    await h.fail("ticket_close", { ticketId: "no-such-ticket" });
    expect(await h.runtime.stores.audit.query()).toMatchObject([
      {
        actor: "dana (stdio)",
        via: "stdio",
        tool: "ticket_close",
        ticketId: "no-such-ticket",
        outcome: "error",
      },
      { actor: "dana (stdio)", via: "stdio", tool: "ticket_add_note", ticketId: ticket.id, outcome: "ok" },
    ]);
    expect((await h.mock.listNotes(ticket.id)).items.map((n) => n.body)).toEqual([
      "Checked the line remotely.",
    ]);
  });

  it("defaults the local name to the OS user", async () => {
    h = await createHarness();
    await h.ok("ticket_create", { subject: "Billing question", description: "double charge in October" });
    const [entry] = await h.runtime.stores.audit.query();
    expect(entry?.actor).toMatch(/ \(stdio\)$/);
  });

  it("masks the caller's number and filters with audit_query", async () => {
    h = await createHarness({ actor: { name: "Ana", scopes: ["read", "write", "handoff"] } });
    await h.ok("ticket_find_or_create", {
      callerNumber: "415 555 0199",
      category: "WiFi",
      summary: "Drops every evening",
    });
    const { entries } = await h.ok<{ entries: Record<string, unknown>[] }>("audit_query", { actor: "Ana" });
    expect(entries).toMatchObject([
      { actor: "Ana", via: "http", tool: "ticket_find_or_create", caller: "+1******0199" },
    ]);
    expect(JSON.stringify(entries)).not.toContain("5550199");
    expect((await h.ok<{ entries: unknown[] }>("audit_query", { actor: "Bo" })).entries).toEqual([]);
    expect(await h.fail("audit_query", { since: "yesterday" })).toContain("ISO 8601");
  });
});

describe("TOOL_SCOPES", () => {
  it("names the scope of every tool of both profiles", async () => {
    const names: string[] = [];
    for (const profile of ["full", "voice"] as const) {
      const h = await createHarness({ deps: { profile } });
      names.push(...(await h.client.listTools()).tools.map((t) => t.name));
      await h.close();
    }
    expect(names.filter((n) => !(n in TOOL_SCOPES))).toEqual([]);
  });

  it("offers only the tools a scope allows", async () => {
    const h = await createHarness({ deps: { offers: ({ scope }) => scope === "handoff" } });
    try {
      expect((await h.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        "handoff_submit",
        "ticket_find_or_create",
      ]);
    } finally {
      await h.close();
    }
  });
});

describe("MCP_ACTOR_NAME", () => {
  it("names stdio writes in the audit log", async () => {
    const h = await createHarness({ env: { MCP_ACTOR_NAME: "Front desk PC" } });
    try {
      await h.ok("ticket_create", { subject: "Billing question", description: "double charge in October" });
      expect((await h.runtime.stores.audit.query())[0]?.actor).toBe("Front desk PC");
    } finally {
      await h.close();
    }
  });
});
