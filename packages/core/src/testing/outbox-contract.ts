import { expect, it } from "vitest";
import type { Outbox } from "../ports/outbox.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";

const T0 = 1_900_000_000_000;

const handoff = (summary: string): Handoff => ({
  note: `Category: WiFi\nReason: CallerRequested\nSummary: ${summary}\nConfidence: 0.85`,
  summary,
  category: "WiFi",
  escalationReason: "CallerRequested",
  confidence: 0.85,
  callerNumber: "+14155550123",
  source: "VoiceAgent",
});

const entry = (reference: string, queuedAt: number) => ({
  reference,
  handoffId: `id-${reference}`,
  handoff: handoff(`caller of ${reference}`),
  reason: "helpdesk unavailable",
  queuedAt,
});

const ticket = { id: "t-1", displayId: "1001", url: "https://helpdesk.test/1001" };

/** The outbox part of the store contract: every `Stores.outbox` behaves alike. */
export function outboxContract(outbox: () => Outbox): void {
  it("keeps queued handoffs and hands them out oldest first, each to one taker at a time", async () => {
    const box = outbox();
    expect(await box.enqueue({ entry: entry("H-BBBBBB", T0 + 2), availableAt: T0 })).toBe(true);
    expect(await box.enqueue({ entry: entry("H-AAAAAA", T0 + 1), availableAt: T0 })).toBe(true);
    expect(await box.enqueue({ entry: entry("H-AAAAAA", T0 + 3), availableAt: T0 })).toBe(false);
    expect(await box.stats()).toEqual({ depth: 2, oldestQueuedAt: T0 + 1 });

    const first = await box.take({ owner: "p1", leaseMs: 60_000, now: T0 + 10 });
    expect(first).toMatchObject({
      reference: "H-AAAAAA",
      attempts: 1,
      followUps: [],
      handoff: handoff("caller of H-AAAAAA"),
    });
    const second = await box.take({ owner: "p2", leaseMs: 60_000, now: T0 + 10 });
    expect(second?.reference).toBe("H-BBBBBB");
    expect(await box.take({ owner: "p3", leaseMs: 60_000, now: T0 + 10 })).toBeUndefined();
    // a taker that died: its lease ends and another takes the entry, counting the attempt
    expect(await box.take({ owner: "p3", leaseMs: 60_000, now: T0 + 60_010 })).toMatchObject({
      reference: "H-AAAAAA",
      attempts: 2,
    });
  });

  it("waits until an entry is due, and puts a failed one back for later", async () => {
    const box = outbox();
    await box.enqueue({ entry: entry("H-CCCCCC", T0), availableAt: T0 + 1000 });
    expect(await box.take({ owner: "p1", leaseMs: 60_000, now: T0 + 999 })).toBeUndefined();
    const taken = await box.take({ owner: "p1", leaseMs: 60_000, now: T0 + 1000 });
    expect(taken?.reference).toBe("H-CCCCCC");
    await box.retryLater({
      reference: "H-CCCCCC",
      owner: "someone-else",
      availableAt: T0 + 1001,
      error: "x",
    });
    expect(await box.take({ owner: "p2", leaseMs: 60_000, now: T0 + 1001 })).toBeUndefined();
    await box.retryLater({
      reference: "H-CCCCCC",
      owner: "p1",
      availableAt: T0 + 5000,
      error: "helpdesk down",
    });
    expect(await box.lookup("h-cccccc")).toMatchObject({ state: "queued", lastError: "helpdesk down" });
    expect(await box.take({ owner: "p2", leaseMs: 60_000, now: T0 + 4999 })).toBeUndefined();
    expect(await box.take({ owner: "p2", leaseMs: 60_000, now: T0 + 5000 })).toMatchObject({ attempts: 2 });
  });

  it("keeps an entry held by its own running attempt until that hands it back", async () => {
    const box = outbox();
    await box.enqueue({ entry: entry("H-EEEEEE", T0), availableAt: T0 + 60_000, owner: "attempt-1" });
    expect(await box.take({ owner: "deliverer", leaseMs: 15_000, now: T0 + 1000 })).toBeUndefined();
    await box.retryLater({
      reference: "H-EEEEEE",
      owner: "attempt-1",
      availableAt: T0 + 2000,
      error: "failed",
    });
    expect(await box.take({ owner: "deliverer", leaseMs: 15_000, now: T0 + 2000 })).toMatchObject({
      reference: "H-EEEEEE",
      attempts: 1,
    });
    await box.markDelivered({
      reference: "H-EEEEEE",
      ticket,
      created: true,
      followUpsDone: 0,
      ttlMs: 60_000,
      now: T0 + 3000,
    });
    // an attempt that died holds it only until its deadline
    await box.enqueue({ entry: entry("H-FFFFFF", T0), availableAt: T0 + 60_000, owner: "attempt-2" });
    expect(await box.take({ owner: "deliverer", leaseMs: 15_000, now: T0 + 59_999 })).toBeUndefined();
    expect((await box.take({ owner: "deliverer", leaseMs: 15_000, now: T0 + 60_000 }))?.reference).toBe(
      "H-FFFFFF",
    );
  });

  it("resolves a delivered reference to its ticket once, with follow-ups added meanwhile", async () => {
    const box = outbox();
    await box.enqueue({ entry: entry("H-DDDDDD", T0), availableAt: T0 });
    expect(await box.addFollowUp("H-DDDDDD", "summary 1")).toMatchObject({
      state: "queued",
      entry: { followUps: ["summary 1"] },
    });
    const taken = await box.take({ owner: "p1", leaseMs: 60_000, now: T0 });
    expect(taken?.followUps).toEqual(["summary 1"]);
    await box.addFollowUp("H-DDDDDD", "summary 2");
    const rest = await box.markDelivered({
      reference: "H-DDDDDD",
      ticket,
      created: true,
      followUpsDone: 1,
      ttlMs: 60_000,
      now: T0 + 5,
    });
    expect(rest).toEqual(["summary 2"]);
    expect(
      await box.markDelivered({
        reference: "H-DDDDDD",
        ticket,
        created: false,
        followUpsDone: 0,
        ttlMs: 60_000,
        now: T0 + 6,
      }),
    ).toBeUndefined();
    expect(await box.lookup("H-DDDDDD")).toEqual({
      state: "delivered",
      reference: "H-DDDDDD",
      ticket,
      created: true,
      deliveredAt: T0 + 5,
    });
    expect(await box.addFollowUp("H-DDDDDD", "late summary")).toMatchObject({ state: "delivered", ticket });
    expect(await box.addFollowUp("H-ZZZZZZ", "unknown")).toBeUndefined();
    expect(await box.lookup("H-ZZZZZZ")).toBeUndefined();
    expect(await box.stats()).toEqual({ depth: 0 });
    expect(await box.take({ owner: "p2", leaseMs: 60_000, now: T0 + 120_000 })).toBeUndefined();
  });

  it("hands each of 20 entries to exactly one of 5 concurrent takers", async () => {
    const box = outbox();
    for (let i = 0; i < 20; i++) {
      await box.enqueue({ entry: entry(`H-R${String(i).padStart(5, "0")}`, T0 + i), availableAt: T0 });
    }
    const taken: string[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async (_, p) => {
        for (;;) {
          const e = await box.take({ owner: `p${p}`, leaseMs: 60_000, now: T0 + 100 });
          if (!e) return;
          taken.push(e.reference);
        }
      }),
    );
    expect(taken.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `H-R${String(i).padStart(5, "0")}`));
  });
}
