import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CATEGORIES, handoffTicketInput, isHelpdeskError, prepareHandoff } from "@ispn/core";
import { runHelpdeskContract } from "@ispn/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createMockHelpdesk, type MockHelpdesk } from "./mock-helpdesk.ts";

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-mock-"));
  dirs.push(dir);
  return join(dir, "mock.sqlite");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runHelpdeskContract("mock (memory)", async () => {
  const helpdesk = createMockHelpdesk();
  return {
    helpdesk,
    teardown: () => helpdesk.close(),
    loseNextCreateAnswer: () => helpdesk.faults.set({ ambiguousCreates: 1 }),
  };
});

runHelpdeskContract("mock (SQLite)", async () => {
  const helpdesk = createMockHelpdesk({ persistPath: tempDb() });
  return {
    helpdesk,
    teardown: () => helpdesk.close(),
    loseNextCreateAnswer: () => helpdesk.faults.set({ ambiguousCreates: 1 }),
  };
});

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; fields: readonly string[]; retryAfterMs?: number | undefined }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHelpdeskError(error)) throw new Error(`expected a HelpdeskError, got ${String(error)}`);
  return error;
}

describe("SDP-like behaviour", () => {
  it("gives long numeric ids and short increasing display ids", async () => {
    const helpdesk = createMockHelpdesk();
    const a = await helpdesk.createTicket({ subject: "a", description: "x" });
    const b = await helpdesk.createTicket({ subject: "b", description: "x" });
    expect(a.id).toMatch(/^\d{18}$/);
    expect(BigInt(b.id) > BigInt(a.id)).toBe(true);
    expect([a.displayId, b.displayId]).toEqual(["1001", "1002"]);
    expect(a.url).toBe(`http://localhost:8089/app/itdesk/ui/requests/${a.id}/details`);
  });

  it("seeds the core's categories and refuses unknown names on create, naming the field", async () => {
    const helpdesk = createMockHelpdesk();
    const categories = (await helpdesk.listMetadata("categories")).map((m) => m.name);
    expect(categories).toEqual([...DEFAULT_CATEGORIES]);
    for (const field of ["category", "priority", "status"] as const) {
      const error = await errorOf(helpdesk.createTicket({ subject: "x", description: "x", [field]: "Nope" }));
      expect(error.code).toBe("invalid");
      expect(error.fields).toEqual([field]);
    }
    expect((await helpdesk.listTickets()).items).toHaveLength(0);
  });

  it("matches lookup names case-insensitively and keeps the canonical spelling", async () => {
    const helpdesk = createMockHelpdesk();
    const t = await helpdesk.createTicket({
      subject: "x",
      description: "x",
      category: "wifi",
      priority: "HIGH",
    });
    expect([t.category, t.priority]).toEqual(["WiFi", "High"]);
  });

  it("without seed keeps only the lists every portal has", async () => {
    const helpdesk = createMockHelpdesk({ seed: false });
    expect(await helpdesk.listMetadata("categories")).toEqual([]);
    expect((await helpdesk.listMetadata("statuses")).length).toBe(5);
    expect((await helpdesk.listMetadata("technicians")).map((m) => m.name)).toEqual(["administrator"]);
  });

  it("requires a resolution to close when configured, and closes once one is given", async () => {
    const helpdesk = createMockHelpdesk({ requireResolutionToClose: true });
    const t = await helpdesk.createTicket({ subject: "x", description: "x" });
    const error = await errorOf(helpdesk.closeTicket(t.id, { closureCode: "Success" }));
    expect(error).toMatchObject({ code: "invalid", fields: ["resolution"] });
    expect((await helpdesk.getTicket(t.id))?.status).toBe("Open");
    const closed = await helpdesk.closeTicket(t.id, { closureCode: "Success", resolution: "Reset router" });
    expect([closed.status, closed.resolution]).toEqual(["Closed", "Reset router"]);
  });

  it("refuses an unknown closure code", async () => {
    const helpdesk = createMockHelpdesk();
    const t = await helpdesk.createTicket({ subject: "x", description: "x" });
    expect(await errorOf(helpdesk.closeTicket(t.id, { closureCode: "Magic" }))).toMatchObject({
      code: "invalid",
      fields: ["closure_code"],
    });
  });

  it("files a handoff ticket under the handoff's category when no helpdesk category is given", async () => {
    const helpdesk = createMockHelpdesk();
    const handoff = prepareHandoff({
      note: "Category: Speed\nReason: TwoStepsNoResolve\nSummary: Slow every evening\nConfidence: 0.8",
    });
    if (!handoff.ok) throw new Error("bad fixture");
    const ticket = await helpdesk.createTicket(handoffTicketInput(handoff.value, "conv_cat"));
    expect(ticket.category).toBe("Speed");
    expect(ticket.subject).toBe("[Speed] Slow every evening");
  });

  it("stores and returns custom fields, and finds a marker in them or in the description", async () => {
    const helpdesk = createMockHelpdesk();
    const inField = await helpdesk.createTicket({
      subject: "a",
      description: "x",
      fields: { udf_char1: "conv_abc" },
    });
    const inText = await helpdesk.createTicket({
      subject: "b",
      description: "Caller said hi\nRef: conv_xyz",
    });
    expect(inField.fields).toEqual({ udf_char1: "conv_abc" });
    expect((await helpdesk.findTicketByMarker("conv_abc"))?.id).toBe(inField.id);
    expect((await helpdesk.findTicketByMarker("conv_xyz"))?.id).toBe(inText.id);
  });

  it("searches description text case-insensitively and filters by technician and time", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const helpdesk = createMockHelpdesk({ now: () => clock });
    await helpdesk.createTicket({ subject: "old", description: "Modem BLINKING" });
    clock += 60_000;
    const late = await helpdesk.createTicket({
      subject: "new",
      description: "modem blinking too",
      technician: { email: "sam.chen@ispn.example" },
    });
    expect((await helpdesk.searchTickets("modem blinking")).items).toHaveLength(2);
    const filtered = await helpdesk.listTickets({
      technician: "Sam Chen",
      createdAfter: "2026-01-01T00:00:30Z",
    });
    expect(filtered.items.map((t) => t.id)).toEqual([late.id]);
    expect(late.technician).toMatchObject({ name: "Sam Chen", email: "sam.chen@ispn.example" });
    expect(late.createdAt).toBe("2026-01-01T00:01:00.000Z");
  });

  it("refuses a priority when the portal derives it from a matrix", async () => {
    const helpdesk = createMockHelpdesk({ priorityFromMatrix: true });
    const t = await helpdesk.createTicket({ subject: "x", description: "x" });
    expect(await errorOf(helpdesk.updateTicket(t.id, { priority: "High" }))).toMatchObject({
      code: "forbidden",
      fields: ["priority"],
    });
  });
});

describe("fault injection", () => {
  it("a call waiting out added latency throws timeout when its signal aborts", async () => {
    const helpdesk = createMockHelpdesk({ faults: { latencyMs: 60_000 } });
    const controller = new AbortController();
    const pending = errorOf(helpdesk.listTickets({}, { signal: controller.signal }));
    controller.abort();
    expect((await pending).code).toBe("timeout");
  });

  it("an outage makes calls unavailable and health not ok, until reset", async () => {
    const helpdesk = createMockHelpdesk();
    helpdesk.faults.set({ outage: true });
    expect((await errorOf(helpdesk.createTicket({ subject: "x", description: "x" }))).code).toBe(
      "unavailable",
    );
    expect((await helpdesk.health()).ok).toBe(false);
    helpdesk.faults.reset();
    expect((await helpdesk.listTickets()).items).toHaveLength(0);
    expect((await helpdesk.health()).ok).toBe(true);
  });

  it("fails at the error rate, drawn from the injected randomness", async () => {
    const draws = [0.1, 0.9];
    const helpdesk = createMockHelpdesk({ random: () => draws.shift() ?? 1, faults: { errorRate: 0.5 } });
    expect((await errorOf(helpdesk.listTickets())).code).toBe("unavailable");
    expect((await helpdesk.listTickets()).items).toEqual([]);
  });

  it("rate limiting refuses with the configured retry-after", async () => {
    const helpdesk = createMockHelpdesk({ faults: { rateLimited: true, rateLimitRetryAfterMs: 7000 } });
    expect(await errorOf(helpdesk.getTicket("1"))).toMatchObject({
      code: "rate_limited",
      retryAfterMs: 7000,
    });
  });

  it("an ambiguous create creates exactly one ticket, throws ambiguous, and counts down", async () => {
    const helpdesk: MockHelpdesk = createMockHelpdesk({ faults: { ambiguousCreates: 1 } });
    const error = await errorOf(
      helpdesk.createTicket({ subject: "lost answer", description: "x", marker: "m-1" }),
    );
    expect(error.code).toBe("ambiguous");
    const all = await helpdesk.listTickets();
    expect(all.items.map((t) => t.subject)).toEqual(["lost answer"]);
    expect((await helpdesk.findTicketByMarker("m-1"))?.id).toBe(all.items[0]?.id);
    expect(helpdesk.faults.get().ambiguousCreates).toBe(0);
    await helpdesk.createTicket({ subject: "fine", description: "x" });
  });

  it("refuses out-of-range fault settings", () => {
    const helpdesk = createMockHelpdesk();
    expect(() => helpdesk.faults.set({ errorRate: 2 })).toThrow(RangeError);
  });
});

describe("persistence", () => {
  it("two instances over one SQLite file see each other's tickets and notes at once", async () => {
    const path = tempDb();
    const webhook = createMockHelpdesk({ persistPath: path });
    const mcp = createMockHelpdesk({ persistPath: path });
    const a = await webhook.createTicket({ subject: "from webhook", description: "x" });
    const b = await mcp.createTicket({ subject: "from mcp", description: "x" });
    expect(a.displayId).not.toBe(b.displayId);
    await mcp.addNote(a.id, { body: "technician note" });
    expect((await webhook.listNotes(a.id)).items.map((n) => n.body)).toEqual(["technician note"]);
    expect((await webhook.listTickets()).items.map((t) => t.subject)).toEqual(["from mcp", "from webhook"]);
    await Promise.all([webhook.close(), mcp.close()]);
  });

  it("keeps tickets across close and reopen", async () => {
    const path = tempDb();
    const first = createMockHelpdesk({ persistPath: path });
    const t = await first.createTicket({ subject: "survives", description: "x", category: "Outage" });
    await first.close();
    const second = createMockHelpdesk({ persistPath: path });
    expect((await second.getTicket(t.id))?.category).toBe("Outage");
    expect((await second.createTicket({ subject: "next", description: "x" })).displayId).toBe("1002");
    await second.close();
  });
});
