import { describe, expect, it } from "vitest";
import { HelpdeskError, StoreError } from "../errors.ts";
import { createHandoffService } from "../handoff/handoff-service.ts";
import { createOutboxDeliverer } from "../handoff/outbox-deliverer.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { Outbox } from "../ports/outbox.ts";
import type { Stores } from "../ports/stores.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";
import type { Ticket, TicketNote } from "../ticket.ts";

const T0 = 1_900_000_000_000;
const INTERVAL_MS = 10_000;

const outage = (n: number): Handoff => ({
  note: `Category: Outage\nReason: OutageConfirmed\nSummary: No service, caller ${n}\nConfidence: 0.9`,
  summary: `No service, caller ${n}`,
  category: "Outage",
  escalationReason: "OutageConfirmed",
  confidence: 0.9,
  source: "VoiceAgent",
  oaKey: "OA-ELM",
  callerNumber: `+1415555${String(1000 + n)}`,
  conversationId: `conv-${n}`,
});

/** An outbox that passes every call to `box`; spread it and replace the methods a test changes. */
function forwarding(box: Outbox): Outbox {
  return {
    enqueue: (r) => box.enqueue(r),
    take: (r) => box.take(r),
    takeBatch: (r) => box.takeBatch(r),
    retryLater: (r) => box.retryLater(r),
    markDelivered: (r) => box.markDelivered(r),
    markAllDelivered: (r) => box.markAllDelivered(r),
    addFollowUp: (r, t) => box.addFollowUp(r, t),
    lookup: (r) => box.lookup(r),
    stats: () => box.stats(),
  };
}

/** Just enough helpdesk for find-or-create, counting writes. */
function tinyHelpdesk() {
  const tickets = new Map<string, Ticket>();
  const notes = new Map<string, TicketNote[]>();
  const calls = { createTicket: 0, addNote: 0, listNotes: 0 };
  /** Note bodies whose next write fails (the helpdesk's rate limit), once each. */
  const failOnce = new Set<string>();
  const unused = () => Promise.reject(new Error("not used by this test"));
  const helpdesk: Helpdesk = {
    kind: "tiny",
    async createTicket(input) {
      calls.createTicket++;
      const id = String(tickets.size + 1);
      const ticket: Ticket = {
        id,
        displayId: id,
        url: `https://helpdesk.test/${id}`,
        subject: input.subject,
        description: input.description,
        status: "Open",
        createdAt: new Date(T0).toISOString(),
        updatedAt: new Date(T0).toISOString(),
      } as Ticket;
      tickets.set(id, ticket);
      notes.set(id, []);
      return ticket;
    },
    getTicket: async (id) => tickets.get(id),
    async addNote(ticketId, note) {
      calls.addNote++;
      if (failOnce.delete(note.body)) {
        throw new HelpdeskError("rate_limited", "too many requests", { retryAfterMs: 1000 });
      }
      const list = notes.get(ticketId);
      if (!list) throw new HelpdeskError("not_found", `no ticket ${ticketId}`);
      const added = { id: String(list.length + 1), ticketId, body: note.body, createdAt: "", public: false };
      list.push(added as TicketNote);
      return added as TicketNote;
    },
    async listNotes(ticketId, page) {
      calls.listNotes++;
      const list = notes.get(ticketId) ?? [];
      const start = (page?.startIndex ?? 1) - 1;
      const rows = page?.rowCount ?? 25;
      return {
        items: list.slice(start, start + rows),
        startIndex: start + 1,
        hasMore: start + rows < list.length,
      };
    },
    findTicketByMarker: async () => undefined,
    updateTicket: unused,
    closeTicket: unused,
    listTickets: unused,
    searchTickets: unused,
    findTicketByNumber: unused,
    listMetadata: unused,
    health: async () => ({ ok: true, kind: "tiny", latencyMs: 0 }),
  };
  return { helpdesk, calls, failOnce, notesOf: (id: string) => (notes.get(id) ?? []).map((n) => n.body) };
}

/**
 * Coalesced notes in a mass outage on one store: callers joining a ticket within seconds are answered
 * at once with the ticket, their notes are kept in the store's outbox and written as one digest note,
 * and a crash between the digest and the outbox update neither loses nor repeats a caller.
 */
export function runNoteDigestContract(
  name: string,
  open: () => Promise<{ stores: Stores; teardown: () => Promise<void> }>,
): void {
  describe(`coalesced notes on the ${name} store`, () => {
    /** `serviceOutbox`: the outbox as the handoff service sees it (the deliverers see the store's). */
    async function setup(serviceOutbox: (outbox: Outbox) => Outbox = (outbox) => outbox) {
      const { stores, teardown } = await open();
      const clock = { now: T0 };
      const now = () => clock.now;
      const tiny = tinyHelpdesk();
      const service = createHandoffService({
        helpdesk: tiny.helpdesk,
        dedup: stores.dedup,
        outbox: serviceOutbox(stores.outbox),
        seen: stores.replay,
        noteDigestMs: INTERVAL_MS,
        now,
      });
      const deliverer = (outbox: Outbox = stores.outbox) =>
        createOutboxDeliverer({
          outbox,
          handoffs: service,
          helpdesk: tiny.helpdesk,
          paceMs: 0,
          leaseMs: 15_000,
          now,
        });
      const burst = async (from: number, to: number) => {
        const answers = [];
        for (let n = from; n <= to; n++)
          answers.push(await service.submit(outage(n), { handoffId: `call-${n}` }));
        return answers;
      };
      return { stores, teardown, clock, tiny, service, deliverer, burst };
    }

    it("answers every caller at once with the ticket and writes their notes as one digest", async () => {
      const { stores, teardown, clock, tiny, service, deliverer, burst } = await setup();
      try {
        const answers = await burst(1, 25);
        const ticketId = answers[0]!.ticketId;
        expect(answers.map((a) => a.ticketId)).toEqual(answers.map(() => ticketId));
        expect(answers.slice(1).map((a) => a.outcome)).toEqual(answers.slice(1).map(() => "existing"));
        // The first caller to join wrote at once; the other 23 wait in the outbox, durably.
        expect(tiny.notesOf(ticketId)).toHaveLength(1);
        expect((await stores.outbox.stats()).depth).toBe(23);
        clock.now += INTERVAL_MS;
        await deliverer().deliverDue();
        const notes = tiny.notesOf(ticketId);
        expect(notes).toHaveLength(2);
        expect(notes[1]).toContain("23 more handoffs joined this ticket.");
        for (let n = 2; n <= 25; n++) expect(notes.join("\n")).toContain(`Ref: call-${n}\n`.trim());
        expect((await stores.outbox.stats()).depth).toBe(0);
        expect(tiny.calls.addNote).toBe(2);
        await service.drain();
      } finally {
        await teardown();
      }
    });

    it("takes and settles a digest's notes in a few store steps, not two per caller", async () => {
      const { stores, teardown, clock, tiny, deliverer, burst } = await setup();
      try {
        const answers = await burst(1, 40);
        clock.now += INTERVAL_MS;
        const steps: string[] = [];
        const box = stores.outbox;
        const step =
          <A extends unknown[], R>(name: string, call: (...args: A) => R) =>
          (...args: A): R => {
            steps.push(name);
            return call(...args);
          };
        const counted: Outbox = {
          ...forwarding(box),
          take: step("take", (r) => box.take(r)),
          takeBatch: step("takeBatch", (r) => box.takeBatch(r)),
          retryLater: step("retryLater", (r) => box.retryLater(r)),
          markDelivered: step("markDelivered", (r) => box.markDelivered(r)),
          markAllDelivered: step("markAllDelivered", (r) => box.markAllDelivered(r)),
        };
        await deliverer(counted).deliverDue();
        const notes = tiny.notesOf(answers[0]!.ticketId);
        expect(notes).toHaveLength(2);
        expect(notes[1]).toContain("38 more handoffs joined this ticket.");
        expect((await box.stats()).depth).toBe(0);
        // Take the first, take the other 37 at once, mark all 38 delivered, find none left.
        expect(steps).toEqual(["take", "takeBatch", "markAllDelivered", "take"]);
      } finally {
        await teardown();
      }
    });

    it("adds every caller's follow-ups once, when adding one fails and is tried again", async () => {
      const { stores, teardown, clock, tiny, deliverer, burst } = await setup();
      try {
        const answers = await burst(1, 12);
        const ticketId = answers[0]!.ticketId;
        for (const n of [4, 7, 9]) {
          expect(await stores.outbox.addFollowUp(`NOTE-call-${n}`, `summary ${n}`)).toMatchObject({
            state: "queued",
          });
        }
        tiny.failOnce.add("summary 7");
        clock.now += INTERVAL_MS;
        await deliverer().deliverDue();
        // Caller 7's follow-up failed: it and caller 9 wait for the next try; the rest are settled.
        expect((await stores.outbox.stats()).depth).toBe(2);
        clock.now += 20_000;
        await deliverer().deliverDue();
        const notes = tiny.notesOf(ticketId);
        expect(notes.filter((body) => body.includes("more handoffs joined this ticket"))).toHaveLength(1);
        for (const n of [4, 7, 9]) expect(notes.filter((body) => body === `summary ${n}`)).toHaveLength(1);
        const all = notes.join("\n");
        for (let n = 2; n <= 12; n++)
          expect(all.match(new RegExp(`Ref: call-${n}(?!\\d)`, "g"))).toHaveLength(1);
        expect((await stores.outbox.stats()).depth).toBe(0);
      } finally {
        await teardown();
      }
    });

    it("loses and repeats no caller when the deliverer dies between the digest and the outbox update", async () => {
      const { stores, teardown, clock, tiny, deliverer, burst } = await setup();
      try {
        const answers = await burst(1, 12);
        const ticketId = answers[0]!.ticketId;
        clock.now += INTERVAL_MS;
        // The digest is written, then the process dies before any entry is marked delivered.
        const box = stores.outbox;
        const dying: Outbox = {
          ...forwarding(box),
          retryLater: async () => undefined, // a dead process hands nothing back
          markDelivered: () => Promise.reject(new Error("process killed")),
          markAllDelivered: () => Promise.reject(new Error("process killed")),
        };
        const crashed = deliverer(dying);
        await crashed.deliverDue();
        expect(tiny.notesOf(ticketId)).toHaveLength(2);
        // A late caller joins while the dead deliverer's lease runs out.
        await burst(13, 13);
        clock.now += 20_000;
        await deliverer().deliverDue();
        const notes = tiny.notesOf(ticketId);
        const all = notes.join("\n");
        for (let n = 2; n <= 13; n++)
          expect(all.match(new RegExp(`Ref: call-${n}(?!\\d)`, "g"))).toHaveLength(1);
        expect(notes).toHaveLength(3);
        expect(notes[2]).toContain("Ref: call-13");
        expect((await stores.outbox.stats()).depth).toBe(0);
      } finally {
        await teardown();
      }
    });

    it("does not write a caller's note twice when the caller's handoff is retried before or after its digest", async () => {
      const { teardown, clock, tiny, service, deliverer, burst } = await setup();
      try {
        const answers = await burst(1, 3);
        const ticketId = answers[0]!.ticketId;
        // The agent retries caller 3 (same Idempotency-Key): the retry is told the same ticket.
        const again = await service.submit(outage(3), { handoffId: "call-3" });
        expect(again.ticketId).toBe(ticketId);
        clock.now += INTERVAL_MS;
        await deliverer().deliverDue();
        const after = await service.submit(outage(3), { handoffId: "call-3" });
        expect(after.ticketId).toBe(ticketId);
        const all = tiny.notesOf(ticketId).join("\n");
        expect(all.match(/Ref: call-3(?!\d)/g)).toHaveLength(1);
      } finally {
        await teardown();
      }
    });

    it("does not write a caller's note twice when keeping it timed out in a store that did keep it", async () => {
      let loseAnswers = false;
      // The store writes the kept note, but its answer is lost (a command timeout while it was slow).
      const lateAnswers = (box: Outbox): Outbox => ({
        ...forwarding(box),
        enqueue: async (r) => {
          const kept = await box.enqueue(r);
          if (loseAnswers) throw new StoreError("the store did not answer in time");
          return kept;
        },
      });
      const { stores, teardown, clock, tiny, service, deliverer, burst } = await setup(lateAnswers);
      try {
        const answers = await burst(1, 3);
        const ticketId = answers[0]!.ticketId;
        loseAnswers = true;
        // Caller 4's note is kept, but the service cannot know: it writes the note itself.
        const fourth = await burst(4, 4);
        expect(fourth[0]!.ticketId).toBe(ticketId);
        expect(tiny.notesOf(ticketId).join("\n")).toContain("Ref: call-4");
        loseAnswers = false;
        await service.drain();
        clock.now += INTERVAL_MS;
        await deliverer().deliverDue();
        const all = tiny.notesOf(ticketId).join("\n");
        for (let n = 2; n <= 4; n++)
          expect(all.match(new RegExp(`Ref: call-${n}(?!\\d)`, "g"))).toHaveLength(1);
        expect((await stores.outbox.stats()).depth).toBe(0);
      } finally {
        await teardown();
      }
    });

    it("hands the callers to ordinary delivery when their ticket is gone", async () => {
      const { teardown, clock, tiny, burst, deliverer } = await setup();
      try {
        const answers = await burst(1, 4);
        const gone = answers[0]!.ticketId;
        const addNote = tiny.helpdesk.addNote.bind(tiny.helpdesk);
        tiny.helpdesk.addNote = (id, note, o) =>
          id === gone ? Promise.reject(new HelpdeskError("not_found", "deleted")) : addNote(id, note, o);
        clock.now += INTERVAL_MS;
        await deliverer().deliverDue();
        expect(tiny.calls.createTicket).toBe(2);
        // Callers 3 and 4 were kept for the digest; both reach the new ticket.
        const all = tiny.notesOf("2").join("\n");
        expect(all).toContain("Ref: call-4");
      } finally {
        await teardown();
      }
    });
  });
}
