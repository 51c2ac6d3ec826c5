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

/** The references of taken entries, in the order taken. */
const refs = (taken: readonly { reference: string }[]) => taken.map((e) => e.reference);

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

  it("takes a digest's kept notes at once, oldest first, up to the limit and ending at an ordinary handoff", async () => {
    const box = outbox();
    const note = (reference: string, queuedAt: number) => ({ ...entry(reference, queuedAt), joined: ticket });
    await box.enqueue({ entry: note("NOTE-A", T0 + 1), availableAt: T0 });
    await box.enqueue({ entry: note("NOTE-B", T0 + 2), availableAt: T0 });
    await box.enqueue({ entry: note("NOTE-LATER", T0 + 3), availableAt: T0 + 10_000 });
    await box.enqueue({ entry: entry("H-ORDIN", T0 + 4), availableAt: T0 });
    for (const [i, ref] of ["NOTE-C", "NOTE-D", "NOTE-E"].entries()) {
      await box.enqueue({ entry: note(ref, T0 + 5 + i), availableAt: T0 });
    }
    await box.addFollowUp("NOTE-B", "summary of B");

    const first = await box.takeBatch({ owner: "p1", leaseMs: 60_000, now: T0 + 10, limit: 10 });
    // The ordinary handoff ends the batch; the note not yet due is left alone.
    expect(refs(first)).toEqual(["NOTE-A", "NOTE-B", "H-ORDIN"]);
    expect(first[0]).toMatchObject({ joined: ticket, attempts: 1, handoff: handoff("caller of NOTE-A") });
    expect(first[1]).toMatchObject({ attempts: 1, followUps: ["summary of B"] });
    // What p1 holds is no one else's, and the limit cuts a batch short.
    expect(refs(await box.takeBatch({ owner: "p2", leaseMs: 60_000, now: T0 + 10, limit: 2 }))).toEqual([
      "NOTE-C",
      "NOTE-D",
    ]);
    expect(refs(await box.takeBatch({ owner: "p3", leaseMs: 60_000, now: T0 + 10, limit: 100 }))).toEqual([
      "NOTE-E",
    ]);
    expect(await box.takeBatch({ owner: "p3", leaseMs: 60_000, now: T0 + 10, limit: 100 })).toEqual([]);
    expect(await box.take({ owner: "p3", leaseMs: 60_000, now: T0 + 10 })).toBeUndefined();
    // A batch whose taker died is taken again once its leases end, each attempt counted.
    const again = await box.takeBatch({ owner: "p4", leaseMs: 60_000, now: T0 + 60_010, limit: 3 });
    expect(again.map((e) => [e.reference, e.attempts])).toEqual([
      ["NOTE-A", 2],
      ["NOTE-B", 2],
      ["NOTE-LATER", 1],
    ]);
    expect(await box.stats()).toEqual({ depth: 7, oldestQueuedAt: T0 + 1 });
  });

  it("takes each entry once per batch, even with a lease of 0 ms, and refuses a limit that is not a whole number", async () => {
    const box = outbox();
    const note = (reference: string, queuedAt: number, summary: string) => ({
      ...entry(reference, queuedAt),
      handoff: handoff(summary),
      joined: ticket,
    });
    await box.enqueue({ entry: note("NOTE-I", T0 + 1, "no service"), availableAt: T0 });
    // A summary cut through an emoji: JSON.stringify writes the lone half as an escape.
    await box.enqueue({ entry: note("NOTE-J", T0 + 2, "no service \ud83d"), availableAt: T0 });
    await box.enqueue({ entry: note("NOTE-K", T0 + 3, "no service"), availableAt: T0 });
    const taken = await box.takeBatch({ owner: "p1", leaseMs: 0, now: T0 + 10, limit: 10 });
    expect(taken.map((e) => [e.reference, e.attempts])).toEqual([
      ["NOTE-I", 1],
      ["NOTE-J", 1],
      ["NOTE-K", 1],
    ]);
    expect(taken[1]?.handoff.summary).toBe("no service \ud83d");
    for (const limit of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(box.takeBatch({ owner: "p2", leaseMs: 1000, now: T0 + 20, limit })).rejects.toThrow(
        /limit must be a whole number/,
      );
    }
  });

  it("marks a digest's notes delivered at once, each resolving to the ticket, with its own follow-ups", async () => {
    const box = outbox();
    for (const [i, ref] of ["NOTE-F", "NOTE-G", "NOTE-H"].entries()) {
      await box.enqueue({ entry: { ...entry(ref, T0 + i), joined: ticket }, availableAt: T0 });
    }
    await box.addFollowUp("NOTE-G", "summary of G");
    expect(await box.takeBatch({ owner: "p1", leaseMs: 60_000, now: T0 + 10, limit: 2 })).toHaveLength(2);
    const marked = {
      ticket,
      created: false,
      followUpsDone: 0,
      ttlMs: 60_000,
      now: T0 + 20,
    };
    expect(
      await box.markAllDelivered({ ...marked, references: ["note-f", "NOTE-G", "NOTE-UNKNOWN"] }),
    ).toEqual([[], ["summary of G"], undefined]);
    for (const reference of ["NOTE-F", "NOTE-G"]) {
      expect(await box.lookup(reference)).toEqual({
        state: "delivered",
        reference,
        ticket,
        created: false,
        deliveredAt: T0 + 20,
      });
    }
    // The note not in the call is still queued; a second call changes nothing.
    expect(await box.stats()).toEqual({ depth: 1, oldestQueuedAt: T0 + 2 });
    expect(await box.markAllDelivered({ ...marked, references: ["NOTE-F", "NOTE-G"] })).toEqual([
      undefined,
      undefined,
    ]);
    expect(await box.markAllDelivered({ ...marked, references: [] })).toEqual([]);
    expect(refs(await box.takeBatch({ owner: "p2", leaseMs: 60_000, now: T0 + 30, limit: 100 }))).toEqual([
      "NOTE-H",
    ]);
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
