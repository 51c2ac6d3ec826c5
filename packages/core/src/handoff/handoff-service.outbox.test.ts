import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeHelpdesk } from "../../test/fixtures/fake-helpdesk.ts";
import { testHandoff } from "../../test/fixtures/handoffs.ts";
import { StoreError } from "../errors.ts";
import type { Stores } from "../ports/stores.ts";
import { createSqliteStores } from "../sqlite/sqlite-stores.ts";
import { createMemoryStores } from "../stores/memory-stores.ts";
import { createHandoffService } from "./handoff-service.ts";
import { createOutboxDeliverer } from "./outbox-deliverer.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-outbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OUTAGE_NOTE =
  "Category: Outage\nReason: TwoStepsNoResolve\nSummary: No internet on Elm Street\nConfidence: 0.85";
const handoff = (overrides: Record<string, unknown> = {}) => testHandoff({ note: OUTAGE_NOTE, ...overrides });

const backends: [string, () => Stores][] = [
  ["memory", () => createMemoryStores()],
  [
    "sqlite",
    () => createSqliteStores({ path: join(dir, `ob-${Math.random()}.sqlite`), cleanupIntervalMs: 0 }),
  ],
];

describe.each(backends)("store-and-forward on the %s store", (_name, makeStores) => {
  function setup() {
    const stores = makeStores();
    const helpdesk = new FakeHelpdesk();
    const svc = createHandoffService({
      helpdesk,
      dedup: stores.dedup,
      outbox: stores.outbox,
      seen: stores.replay,
      budgetMs: 300,
      // a delivery whose marker search failed keeps its intent until the lease ends: keep that short
      leaseMs: 300,
      sleep: (ms, signal) =>
        new Promise((r, j) => {
          const t = setTimeout(r, Math.min(ms, 20));
          signal?.addEventListener("abort", () => {
            clearTimeout(t);
            j(signal.reason);
          });
        }),
    });
    const deliverer = createOutboxDeliverer({ outbox: stores.outbox, handoffs: svc, helpdesk, paceMs: 0 });
    return { stores, helpdesk, svc, deliverer };
  }

  it("queues every caller while the helpdesk is down, then delivers them onto one outage ticket exactly once", async () => {
    const { stores, helpdesk, svc, deliverer } = setup();
    helpdesk.faults.down = true;
    const callers = ["+14155550101", "+14155550102", "+14155550103", "+14155550104"];
    const answers = await Promise.all(
      callers.map((callerNumber, i) =>
        svc.submit(handoff({ oaKey: "OUT-ELM", callerNumber, conversationId: `c${i}` })),
      ),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: "ok", outcome: "queued", created: false });
      expect(answer.reference).toMatch(/^H-[0-9A-Z]{6}$/);
      expect(answer.ticketNumber).toBe(answer.reference);
      expect(answer.spokenSummary).toContain(answer.reference!.slice(2).split("").join(" "));
    }
    expect(new Set(answers.map((a) => a.reference)).size).toBe(4);
    expect(await stores.outbox.stats()).toMatchObject({ depth: 4 });
    // still down: nothing is delivered, nothing lost
    expect(await deliverer.deliverDue()).toBe(0);
    expect(await stores.outbox.stats()).toMatchObject({ depth: 4 });

    helpdesk.faults.down = false;
    // a second deliverer (another replica) races the first
    const other = createOutboxDeliverer({ outbox: stores.outbox, handoffs: svc, helpdesk, paceMs: 0 });
    const delivered = (await Promise.all([deliverer.deliverDue(), other.deliverDue()])).reduce(
      (a, b) => a + b,
    );
    // the first one was put back with a backoff after the failed round; deliver what is due later
    let more = 0;
    for (let i = 0; i < 50 && (await stores.outbox.stats()).depth > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      more += await deliverer.deliverDue();
    }
    expect(delivered + more).toBe(4);
    expect(helpdesk.ticketCount()).toBe(1);
    const records = await Promise.all(answers.map((a) => stores.outbox.lookup(a.reference!)));
    const ticketIds = new Set(records.map((r) => (r?.state === "delivered" ? r.ticket.id : "missing")));
    expect([...ticketIds]).toHaveLength(1);
    expect(helpdesk.noteCount()).toBe(3);
    expect(await stores.outbox.stats()).toEqual({ depth: 0 });
    await stores.close();
  }, 20_000);

  it("answers within the budget when the helpdesk hangs, and the late attempt delivers the entry", async () => {
    const { stores, helpdesk, svc, deliverer } = setup();
    helpdesk.faults.createDelayMs = 800;
    const answer = await svc.submit(handoff({ callerNumber: "+14155550109" }));
    expect(answer.outcome).toBe("queued");
    expect(helpdesk.ticketCount()).toBe(0);
    // the deliverer leaves an entry alone while its own attempt may still land
    expect(await deliverer.deliverDue()).toBe(0);
    await svc.drain();
    expect(helpdesk.ticketCount()).toBe(1);
    const record = await stores.outbox.lookup(answer.reference!);
    expect(record).toMatchObject({ state: "delivered", created: true });
    expect(await stores.outbox.stats()).toEqual({ depth: 0 });
    await stores.close();
  });

  it("a queued repeat caller whose incident got a ticket meanwhile joins it", async () => {
    const { stores, helpdesk, svc, deliverer } = setup();
    const first = await svc.submit(handoff({ conversationId: "first" }));
    helpdesk.faults.down = true;
    const queued = await svc.submit(handoff({ conversationId: "second" }));
    expect(queued.outcome).toBe("queued");
    helpdesk.faults.down = false;
    await stores.outbox.addFollowUp(queued.reference!, "Call summary: customer rebooted twice");
    expect(await deliverer.deliverDue()).toBe(1);
    expect(await stores.outbox.lookup(queued.reference!)).toMatchObject({
      state: "delivered",
      created: false,
      ticket: { id: first.ticketId },
    });
    const notes = (await helpdesk.listNotes(first.ticketId)).items.map((n) => n.body);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain("customer rebooted twice");
    await stores.close();
  });

  it("refuses only when the store itself cannot keep the handoff", async () => {
    const { stores, helpdesk } = setup();
    helpdesk.faults.down = true;
    const broken = {
      ...stores.outbox,
      enqueue: async () => {
        throw new StoreError("disk full");
      },
    };
    const svc = createHandoffService({ helpdesk, dedup: stores.dedup, outbox: broken, budgetMs: 300 });
    await expect(svc.submit(handoff())).rejects.toBeInstanceOf(StoreError);
    await stores.close();
  });
});
