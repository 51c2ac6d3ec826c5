import { createRedisStores } from "@ispn/store-redis";
import { startTestRedis } from "@ispn/store-redis/testing";
import { expect, it } from "vitest";
import { createHarness, handoffBody, postHandoff } from "../test/harness.ts";
import { deliverAll, mentionsOnTicket } from "../test/ticket-mentions.ts";

it("Redis stopped mid-load and restarted → no duplicate ticket, no 5xx but 503, resumes without a restart", async (ctx) => {
  const redis = await startTestRedis({ own: true, persist: true });
  if ("skip" in redis) {
    console.warn(`Skipping: ${redis.skip}`);
    return ctx.skip();
  }
  const stores = await createRedisStores({
    url: redis.url,
    keyPrefix: redis.keyPrefix,
    commandTimeoutMs: 500,
  });
  const h = await createHarness({}, { stores, realClock: true });
  h.helpdesk.faults.set({ latencyMs: 5 });
  const statuses: number[] = [];
  const acknowledged: string[] = [];
  const phases = { before: [] as number[], during: [] as number[], after: [] as number[] };
  let phase: keyof typeof phases = "before";
  let n = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      const conversationId = `conv_outage_${n++}`;
      const res = await postHandoff(h, handoffBody({ conversationId }));
      statuses.push(res.status);
      if (res.status === 200) acknowledged.push(conversationId);
      phases[phase].push(res.status);
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 700));
    phase = "during";
    await redis.halt();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.restart();
    phase = "after";
    // give the client its reconnect, then keep the load on a little longer
    await new Promise((r) => setTimeout(r, 2500));
    running = false;
    await Promise.all(workers);

    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(phases.before.length).toBeGreaterThan(0);
    expect(phases.during).toContain(503);
    expect(phases.after.slice(-10).every((s) => s === 200)).toBe(true);
    await h.runtime.handoffs.drain();
    const tickets = (await h.helpdesk.listTickets({ page: { rowCount: 100 } })).items;
    expect(tickets).toHaveLength(1);
    // every acknowledged handoff is on the ticket once (the creator's description, its own note or a
    // digest with other callers'), and no refused one
    await deliverAll(h.runtime);
    const mentions = await mentionsOnTicket(h.helpdesk, tickets[0]!.id, /conv_outage_\d+/g);
    expect([...mentions.keys()].sort()).toEqual([...acknowledged].sort());
    expect([...mentions.values()].every((count) => count === 1)).toBe(true);
  } finally {
    running = false;
    await h.close();
    await redis.stop();
  }
}, 60_000);
