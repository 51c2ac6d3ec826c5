import { describe, expect, it } from "vitest";
import { MemoryOutbox } from "./memory-outbox.ts";

const ticket = { id: "1", displayId: "1", url: "" };
const handoff = {} as never;

async function deliver(outbox: MemoryOutbox, reference: string, now: number, ttlMs: number) {
  await outbox.enqueue({
    entry: { reference, handoffId: reference, handoff, reason: "test", queuedAt: now },
    availableAt: now,
  });
  await outbox.markDelivered({ reference, ticket, created: false, followUpsDone: 0, ttlMs, now });
}

describe("the in-process outbox over a long run", () => {
  it("forgets a delivered record once its ttl has ended, so a busy process's memory stays bounded", async () => {
    const outbox = new MemoryOutbox();
    await deliver(outbox, "NOTE-A", 0, 1_000);
    expect((await outbox.lookup("NOTE-A"))?.state).toBe("delivered");
    await deliver(outbox, "NOTE-B", 2_000, 1_000);
    expect(await outbox.lookup("NOTE-A")).toBeUndefined();
    expect((await outbox.lookup("NOTE-B"))?.state).toBe("delivered");
  });

  it("keeps at most maxDelivered delivered records, forgetting the oldest first, even within their ttl", async () => {
    const outbox = new MemoryOutbox({ maxDelivered: 3 });
    for (let i = 1; i <= 5; i++) await deliver(outbox, `NOTE-${i}`, i, 3_600_000);
    const states = [];
    for (let i = 1; i <= 5; i++) states.push((await outbox.lookup(`NOTE-${i}`))?.state);
    expect(states).toEqual([undefined, undefined, "delivered", "delivered", "delivered"]);
  });

  it("takes the oldest due entry however many delivered records it keeps", async () => {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < 1_000; i++) await deliver(outbox, `D-${i}`, 10, 3_600_000);
    await outbox.enqueue({
      entry: { reference: "H-LATE", handoffId: "m2", handoff, reason: "test", queuedAt: 30 },
      availableAt: 30,
    });
    await outbox.enqueue({
      entry: { reference: "H-EARLY", handoffId: "m1", handoff, reason: "test", queuedAt: 20 },
      availableAt: 20,
    });
    expect((await outbox.take({ owner: "d", leaseMs: 1_000, now: 40 }))?.reference).toBe("H-EARLY");
    expect(await outbox.stats()).toEqual({ depth: 2, oldestQueuedAt: 20 });
  });
});
