import { describe, expect, it } from "vitest";
import { FakeHelpdesk } from "../../test/fixtures/fake-helpdesk.ts";
import { testHandoff } from "../../test/fixtures/handoffs.ts";
import { createMemoryStores } from "../stores/memory-stores.ts";
import { createHandoffService } from "./handoff-service.ts";
import { handoffTicketInput } from "./ticket-content.ts";

const handoff = testHandoff;

const KEY = "caller:+14155550123:WiFi";

describe("crash-safe creates", () => {
  it("a taker-over finds the ticket a crashed creator made (by its recorded marker) and joins it", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    let clock = 1_900_000_000_000;
    // A process claimed the key, created the ticket, and died before recording it.
    await stores.dedup.claim({ keys: [KEY], claimId: "dead", marker: "h-dead", leaseMs: 5_000, now: clock });
    const orphan = await helpdesk.createTicket(handoffTicketInput(handoff(), "h-dead"));

    const svc = createHandoffService({
      helpdesk,
      dedup: stores.dedup,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const result = await svc.submit(handoff({ conversationId: "conv_next" }));
    expect(result).toMatchObject({ outcome: "existing", ticketId: orphan.id });
    expect(helpdesk.ticketCount()).toBe(1);
    expect(helpdesk.noteCount(orphan.id)).toBe(1);
    // served as soon as the crashed creator's 5 s lease ended, not after a minute
    expect(clock - 1_900_000_000_000).toBeLessThan(6_000);
    // the key now points at the orphan: the next caller joins it without searching
    expect((await svc.submit(handoff())).ticketId).toBe(orphan.id);
  });

  it("a live creator keeps its keys however long the helpdesk takes (the lease is renewed)", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    helpdesk.faults.createDelayMs = 400;
    const svc = createHandoffService({ helpdesk, dedup: stores.dedup, leaseMs: 100 });
    const results = await Promise.all([
      svc.submit(handoff()),
      new Promise((r) => setTimeout(r, 250)).then(() => svc.submit(handoff())),
    ]);
    expect(helpdesk.ticketCount()).toBe(1);
    expect(results.map((r) => r.outcome).sort()).toEqual(["created", "existing"]);
  });

  it("a retry whose first attempt created the ticket answers with it, and writes nothing twice", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    const svc = createHandoffService({ helpdesk, dedup: stores.dedup, seen: stores.replay });
    const first = await svc.submit(handoff(), { handoffId: "idem-abc" });
    const retry = await svc.submit(handoff(), { handoffId: "idem-abc" });
    expect(retry).toMatchObject({ outcome: "created", ticketId: first.ticketId });
    expect(helpdesk.ticketCount()).toBe(1);
    expect(helpdesk.noteCount()).toBe(0);
  });

  it("a retried join does not add its note twice", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    const svc = createHandoffService({ helpdesk, dedup: stores.dedup, seen: stores.replay });
    const first = await svc.submit(handoff());
    const joined = await svc.submit(handoff({ conversationId: "c2" }), { handoffId: "idem-join" });
    const retried = await svc.submit(handoff({ conversationId: "c2" }), { handoffId: "idem-join" });
    expect(joined).toMatchObject({ outcome: "existing", ticketId: first.ticketId });
    expect(retried).toMatchObject({ outcome: "existing", ticketId: first.ticketId });
    expect(helpdesk.noteCount(first.ticketId)).toBe(1);
    // a different handoff still adds its own note
    await svc.submit(handoff({ conversationId: "c3" }), { handoffId: "idem-other" });
    expect(helpdesk.noteCount(first.ticketId)).toBe(2);
  });

  it("a retry of a crashed create (claim still pending under its own marker) finds its ticket", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    let clock = 1_900_000_000_000;
    await stores.replay.firstSeen({ key: "handoff:idem-crash", ttlMs: 60_000, now: clock });
    await stores.dedup.claim({
      keys: [KEY],
      claimId: "dead",
      marker: "idem-crash",
      leaseMs: 5_000,
      now: clock,
    });
    const mine = await helpdesk.createTicket(handoffTicketInput(handoff(), "idem-crash"));
    const svc = createHandoffService({
      helpdesk,
      dedup: stores.dedup,
      seen: stores.replay,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const retry = await svc.submit(handoff(), { handoffId: "idem-crash" });
    expect(retry).toMatchObject({ outcome: "created", ticketId: mine.id });
    expect(helpdesk.ticketCount()).toBe(1);
    expect(helpdesk.noteCount()).toBe(0);
  });

  it("keeps an unrecovered ambiguous create's intent on the keys, so the next creator searches again", async () => {
    const stores = createMemoryStores();
    const helpdesk = new FakeHelpdesk();
    let clock = 1_900_000_000_000;
    const svc = createHandoffService({
      helpdesk,
      dedup: stores.dedup,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    helpdesk.faults.failCreates = 1;
    helpdesk.faults.failWith = "ambiguous";
    const realFind = helpdesk.findTicketByMarker.bind(helpdesk);
    let searchesDown = 3; // the searches right after the lost answer fail too
    helpdesk.findTicketByMarker = async (marker) => {
      if (searchesDown-- > 0) throw new Error("search unavailable");
      return realFind(marker);
    };
    await expect(svc.submit(handoff())).rejects.toMatchObject({ code: "ambiguous" });
    expect(helpdesk.ticketCount()).toBe(1);
    const next = await svc.submit(handoff({ conversationId: "c2" }));
    expect(next.outcome).toBe("existing");
    expect(helpdesk.ticketCount()).toBe(1);
  });
});
