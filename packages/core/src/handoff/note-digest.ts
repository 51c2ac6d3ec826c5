import type { Outbox } from "../ports/outbox.ts";
import type { TicketRef } from "../ticket.ts";
import type { Attempt } from "./find-or-create.ts";
import { sleep as defaultSleep } from "./sleep.ts";

/** The outbox reference of a note kept for a digest: one per handoff, so a handoff's note is kept once. */
export const digestReference = (marker: string) => `NOTE-${marker}`;

/** How long a written digest's entries can still be looked up (nobody quotes them): 1 hour. */
export const DIGEST_RECORD_TTL_MS = 60 * 60 * 1000;

/** Tickets whose last join was this recent are tracked; older ones are pruned past this many. */
const TRACKED_TICKETS = 10_000;

export interface NoteCoalescerOptions {
  outbox: Outbox;
  /** Joins of one ticket closer together than this are a burst; its notes go out once per interval. */
  intervalMs: number;
  now: () => number;
}

/**
 * Decides, per dedup hit, whether its note is written now or kept for a digest. The first caller to
 * join a ticket after a quiet `intervalMs` writes at once; callers joining while the burst goes on are
 * kept in the outbox (durable, with the ticket they joined) and become due together at the end of the
 * current interval, when a deliverer writes them as one digest note. In-process memory only remembers
 * when each ticket was last joined (bounded); what matters for delivery is in the outbox.
 */
export function createNoteCoalescer(options: NoteCoalescerOptions) {
  const { outbox, intervalMs, now } = options;
  const lastJoin = new Map<string, number>();

  function prune(at: number) {
    if (lastJoin.size < TRACKED_TICKETS) return;
    for (const [id, when] of lastJoin) if (at - when >= intervalMs) lastJoin.delete(id);
    // Still full of live bursts: forget the oldest (their next caller writes at once).
    for (const id of lastJoin.keys()) {
      if (lastJoin.size < TRACKED_TICKETS) break;
      lastJoin.delete(id);
    }
  }

  return async function coalesce(ticket: TicketRef, attempt: Attempt): Promise<boolean> {
    const at = now();
    const last = lastJoin.get(ticket.id);
    lastJoin.delete(ticket.id);
    prune(at);
    lastJoin.set(ticket.id, at);
    if (last === undefined || at - last >= intervalMs) return false;
    // Every note of this interval becomes due at its end, so one deliverer takes them together.
    const availableAt = (Math.floor(at / intervalMs) + 1) * intervalMs;
    await outbox.enqueue({
      entry: {
        reference: digestReference(attempt.marker),
        handoffId: attempt.marker,
        handoff: attempt.handoff,
        reason: "note kept for the ticket's digest (several callers within seconds)",
        queuedAt: at,
        mayHaveWritten: false,
        joined: ticket,
      },
      availableAt,
    });
    // Already kept (the same handoff again): the note is in the outbox or on the ticket.
    return true;
  };
}

/** The ticket whose digest holds (or will hold) the note of `marker`, from the outbox. */
export async function keptNoteTicket(outbox: Outbox, marker: string): Promise<TicketRef | undefined> {
  const record = await outbox.lookup(digestReference(marker));
  if (!record) return undefined;
  return record.state === "delivered" ? record.ticket : record.entry.joined;
}

/**
 * After a handoff wrote its note itself because keeping it for the digest failed: the store may have
 * kept it all the same (only its answer was lost, e.g. a command timeout), and the digest would then
 * write it a second time. Marks that kept note delivered onto `ticket` (nothing happens when it was
 * never kept), trying again every `everyMs` while the store fails, at most `tries` times. Background
 * work: the caller has had its answer.
 */
export async function dropKeptNote(
  outbox: Outbox,
  marker: string,
  ticket: TicketRef,
  options: { now: () => number; sleep?: (ms: number) => Promise<void>; everyMs?: number; tries?: number },
): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  for (let tried = 1; ; tried++) {
    try {
      await outbox.markDelivered({
        reference: digestReference(marker),
        ticket,
        created: false,
        followUpsDone: 0,
        ttlMs: DIGEST_RECORD_TTL_MS,
        now: options.now(),
      });
      return;
    } catch {
      if (tried >= (options.tries ?? 40)) return;
      await sleep(options.everyMs ?? 500);
    }
  }
}
