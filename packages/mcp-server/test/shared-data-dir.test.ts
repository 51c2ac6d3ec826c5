import type { HandoffResult } from "@ispn/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, fourLineNote, type Harness, tempDir } from "../src/testing/harness.ts";

// Two servers, each with its own createRuntime over one DATA_DIR (the default SQLite store and the
// persisted mock helpdesk), stand in for two processes on one host: Claude Desktop's MCP server and
// http-ingest, or two Claude Desktop windows.
describe("two servers over one DATA_DIR", () => {
  let dir: ReturnType<typeof tempDir>;
  let a: Harness;
  let b: Harness;
  beforeEach(async () => {
    dir = tempDir();
    a = await createHarness({ dataDir: dir.path });
    b = await createHarness({ dataDir: dir.path });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    dir.remove();
  });

  it("uses the SQLite store and the persisted mock in DATA_DIR", () => {
    expect(a.runtime.stores.kind).toBe("sqlite");
    expect(a.runtime.config.store).toEqual({ kind: "sqlite", path: `${dir.path}/bridge.sqlite` });
    expect(a.runtime.config.helpdesk).toMatchObject({
      kind: "mock",
      persistPath: `${dir.path}/mock-helpdesk.sqlite`,
    });
  });

  it("dedups handoffs for the same caller and category into one ticket", async () => {
    const first = await a.ok<HandoffResult>("handoff_submit", {
      note: fourLineNote(),
      callerNumber: "(415) 555-0142",
    });
    const second = await b.ok<HandoffResult>("ticket_find_or_create", {
      callerNumber: "+14155550142",
      category: "WiFi",
      summary: "Customer called again about the wifi",
    });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, ticketId: first.ticketId });
    // Both servers see the one ticket, with the second handoff as a note.
    const list = await a.ok<{ tickets: { id: string }[] }>("ticket_list", {});
    expect(list.tickets.map((t) => t.id)).toEqual([first.ticketId]);
    const viaB = await b.ok<{ notes: { body: string }[] }>("ticket_get", { ticketId: first.ticketId });
    expect(viaB.notes.map((n) => n.body).join("\n")).toContain("Customer called again about the wifi");
  });

  it("creates one ticket when both submit at the same moment", async () => {
    const args = {
      note: fourLineNote("Outage", "No service in the whole street"),
      callerNumber: "4155550177",
    };
    const results = await Promise.all([
      a.ok<HandoffResult>("handoff_submit", args),
      b.ok<HandoffResult>("handoff_submit", args),
      a.ok<HandoffResult>("handoff_submit", args),
      b.ok<HandoffResult>("handoff_submit", args),
    ]);
    expect(new Set(results.map((r) => r.ticketId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("keeps different categories of one caller apart", async () => {
    const wifi = await a.ok<HandoffResult>("handoff_submit", {
      note: fourLineNote("WiFi"),
      callerNumber: "4155550188",
    });
    const billing = await b.ok<HandoffResult>("handoff_submit", {
      note: fourLineNote("Billing", "Charged twice this month"),
      callerNumber: "4155550188",
    });
    expect(billing.created).toBe(true);
    expect(billing.ticketId).not.toBe(wifi.ticketId);
  });
});
