import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FakeHelpdesk } from "../../test/fixtures/fake-helpdesk.ts";
import { testHandoff } from "../../test/fixtures/handoffs.ts";
import { HandoffBusyError, isHelpdeskError, StoreError } from "../errors.ts";
import type { Stores } from "../ports/stores.ts";
import { createSqliteStores } from "../sqlite/sqlite-stores.ts";
import { createMemoryStores } from "../stores/memory-stores.ts";
import { createHandoffService, DEFAULT_DEDUP_WINDOW_MS } from "./handoff-service.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-handoff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handoff = testHandoff;

const backends: [string, () => Stores][] = [
  ["memory", () => createMemoryStores()],
  [
    "sqlite",
    () => createSqliteStores({ path: join(dir, `svc-${Math.random()}.sqlite`), cleanupIntervalMs: 0 }),
  ],
];

describe.each(backends)("handoff service with the %s store", (_name, makeStores) => {
  let stores: Stores;
  let helpdesk: FakeHelpdesk;
  let clock: number;
  beforeEach(() => {
    stores = makeStores();
    helpdesk = new FakeHelpdesk();
    clock = 1_900_000_000_000;
  });
  const service = (extra: Partial<Parameters<typeof createHandoffService>[0]> = {}) =>
    createHandoffService({ helpdesk, dedup: stores.dedup, now: () => clock, ...extra });

  it("200 concurrent submits for one caller and category → 1 ticket, 199 notes appended", async () => {
    helpdesk.faults.createDelayMs = 30;
    const svc = createHandoffService({ helpdesk, dedup: stores.dedup });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => svc.submit(handoff({ conversationId: `conv_${i}` }))),
    );
    expect(helpdesk.ticketCount()).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticketId)).size).toBe(1);
    expect(helpdesk.noteCount(results[0]!.ticketId)).toBe(199);
    const notes = await helpdesk.listNotes(results[0]!.ticketId);
    expect(notes.items.map((n) => n.body).filter((b) => b.includes("Conversation: conv_")).length).toBe(199);
    await stores.close();
  });

  it("answers the contract of a new ticket with a spoken summary", async () => {
    const result = await service().submit(handoff({ oaKey: "OUT-42", conversationId: "conv_a" }));
    expect(result).toMatchObject({
      status: "ok",
      outcome: "created",
      created: true,
      ticketNumber: "1001",
      category: "WiFi",
      escalationReason: "TwoStepsNoResolve",
      confidence: "0.85",
      echo: { oaKey: "out-42", callerNumber: "+14155550123" },
    });
    expect(result.spokenSummary).toContain("ticket number 1001");
    const ticket = await helpdesk.getTicket(result.ticketId);
    expect(ticket?.subject).toBe("[WiFi] Cannot connect after power outage");
    expect(ticket?.description).toContain("Outage key: out-42");
    expect(ticket?.description).toContain('Outage key as sent: "OUT-42"');
    expect(ticket?.description).toContain("Conversation: conv_a");
  });

  it("joins every caller of one outage to one ticket", async () => {
    const svc = service();
    const first = await svc.submit(
      handoff({ oaKey: "OUT-7", callerNumber: "+14155550100", category: "Outage" }),
    );
    const second = await svc.submit(
      handoff({ oaKey: "OUT-7", callerNumber: "+14155550199", category: "Outage" }),
    );
    expect(second).toMatchObject({ created: false, outcome: "existing", ticketId: first.ticketId });
    expect(second.spokenSummary).toContain("known outage");
    expect(helpdesk.noteCount(first.ticketId)).toBe(1);
  });

  it("keeps different callers and categories apart", async () => {
    const svc = service();
    const a = await svc.submit(handoff());
    const b = await svc.submit(handoff({ category: "Billing" }));
    const c = await svc.submit(handoff({ callerNumber: "+14155550999" }));
    expect(new Set([a.ticketId, b.ticketId, c.ticketId]).size).toBe(3);
  });

  it("creates a new ticket after the window ends", async () => {
    const svc = service();
    const first = await svc.submit(handoff());
    clock += DEFAULT_DEDUP_WINDOW_MS - 1;
    expect((await svc.submit(handoff())).ticketId).toBe(first.ticketId);
    clock += 1;
    const later = await svc.submit(handoff());
    expect(later.created).toBe(true);
    expect(later.ticketId).not.toBe(first.ticketId);
  });

  it("honours a configured window", async () => {
    const svc = service({ windowMs: 60_000 });
    const first = await svc.submit(handoff());
    clock += 60_000;
    expect((await svc.submit(handoff())).ticketId).not.toBe(first.ticketId);
  });

  it("creates a new ticket when the existing one was closed, resolved or deleted", async () => {
    const svc = service();
    const first = await svc.submit(handoff());
    await helpdesk.closeTicket(first.ticketId);
    const second = await svc.submit(handoff());
    expect(second.created).toBe(true);
    expect(second.ticketId).not.toBe(first.ticketId);
    expect(helpdesk.noteCount(first.ticketId)).toBe(0);

    await helpdesk.updateTicket(second.ticketId, { status: "Resolved" });
    const third = await svc.submit(handoff());
    expect(third.created).toBe(true);

    helpdesk.db.prepare("DELETE FROM tickets WHERE id = ?").run(Number(third.ticketId));
    const fourth = await svc.submit(handoff());
    expect(fourth.created).toBe(true);
    expect(helpdesk.ticketCount()).toBe(3);
  });

  it("releases the claim when the create fails, so the retry creates the ticket", async () => {
    const svc = service();
    helpdesk.faults.failCreates = 1;
    const error = await svc.submit(handoff()).catch((e: unknown) => e);
    expect(isHelpdeskError(error) && error.retryable).toBe(true);
    expect(helpdesk.ticketCount()).toBe(0);
    const retry = await svc.submit(handoff());
    expect(retry.created).toBe(true);
    expect(helpdesk.ticketCount()).toBe(1);
  });

  it("finds the ticket by its marker after an ambiguous create instead of creating it twice", async () => {
    const svc = service();
    helpdesk.faults.failCreates = 1;
    helpdesk.faults.failWith = "ambiguous";
    const result = await svc.submit(handoff({ conversationId: "conv_amb" }));
    expect(result.created).toBe(true);
    expect(helpdesk.ticketCount()).toBe(1);
    expect((await svc.submit(handoff())).ticketId).toBe(result.ticketId);
    expect(helpdesk.ticketCount()).toBe(1);
  });

  it("lets a new creator take over from one that crashed holding the claim", async () => {
    const crashedClaim = await stores.dedup.claim({
      keys: ["caller:+14155550123:WiFi"],
      claimId: "crashed",
      marker: "m-crashed",
      leaseMs: 30_000,
      now: clock,
    });
    expect(crashedClaim.kind).toBe("claimed");
    const svc = service({
      leaseMs: 30_000,
      waitMs: 60_000,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const result = await svc.submit(handoff());
    expect(result.created).toBe(true);
    expect(clock).toBeGreaterThanOrEqual(1_900_000_000_000 + 30_000);
  });

  it("gives up waiting for another creator after waitMs with a retryable error", async () => {
    await stores.dedup.claim({
      keys: ["caller:+14155550123:WiFi"],
      claimId: "slow",
      marker: "m-slow",
      leaseMs: 60_000,
      now: clock,
    });
    const svc = service({
      waitMs: 1000,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const error = await svc.submit(handoff()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffBusyError);
    expect((error as HandoffBusyError).retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it("does not deduplicate a handoff with no caller and no outage key", async () => {
    const svc = service();
    const a = await svc.submit(handoff({ callerNumber: undefined }));
    const b = await svc.submit(handoff({ callerNumber: undefined }));
    expect(a.ticketId).not.toBe(b.ticketId);
  });
});

describe("handoff service when the store fails after the ticket was created", () => {
  it("answers with the ticket and records it once the store answers again, so no duplicate follows", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    let failures = 3;
    const flaky = {
      ...stores.dedup,
      claim: stores.dedup.claim.bind(stores.dedup),
      renew: stores.dedup.renew.bind(stores.dedup),
      get: stores.dedup.get.bind(stores.dedup),
      release: stores.dedup.release.bind(stores.dedup),
      forget: stores.dedup.forget.bind(stores.dedup),
      complete: async (request: Parameters<Stores["dedup"]["complete"]>[0]) => {
        if (failures-- > 0) throw new StoreError("store down");
        return stores.dedup.complete(request);
      },
    };
    const svc = createHandoffService({
      helpdesk,
      dedup: flaky,
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))),
    });
    const first = await svc.submit(handoff());
    expect(first.created).toBe(true);
    const duplicate = await svc.submit(handoff());
    expect(duplicate).toMatchObject({ created: false, ticketId: first.ticketId });
    await svc.drain();
    expect(helpdesk.ticketCount()).toBe(1);
  });
});
