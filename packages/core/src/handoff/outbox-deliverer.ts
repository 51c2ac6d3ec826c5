import { randomUUID } from "node:crypto";
import { isHelpdeskError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { silentLogger } from "../logger.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { Outbox, OutboxEntry } from "../ports/outbox.ts";
import type { TicketRef } from "../ticket.ts";
import { mentionsMarker } from "./handoff-reference.ts";
import { type HandoffResult, landedResult } from "./handoff-result.ts";
import { DELIVERED_REFERENCE_TTL_MS, type HandoffService } from "./handoff-service.ts";
import { DIGEST_RECORD_TTL_MS } from "./note-digest.ts";
import { sleep as defaultSleep } from "./sleep.ts";
import { digestNote } from "./ticket-content.ts";

export interface OutboxDelivererOptions {
  outbox: Outbox;
  handoffs: Pick<HandoffService, "deliver">;
  /**
   * Where follow-ups (post-call summaries kept with a queued handoff) and digest notes are added; its
   * notes are read when a digest is tried again (to skip callers an interrupted try already wrote).
   */
  helpdesk: Pick<Helpdesk, "addNote" | "listNotes">;
  /**
   * False while the helpdesk is known to be failing (circuit open): nothing is taken meanwhile, so
   * entries do not pile up attempts and backoff during an outage and go out as soon as it ends.
   */
  helpdeskAvailable?: () => boolean;
  /** This process's name in leases. Default: a random id. */
  owner?: string;
  /**
   * How long a taken entry is this deliverer's before another may take it (a crashed deliverer's
   * entry waits this long). Default 15 s. Two deliverers working on one entry is safe: a delivery
   * is a retry of the handoff, and never writes twice.
   */
  leaseMs?: number;
  /** The longest one delivery may take. Default 12 s. */
  deliveryTimeoutMs?: number;
  /** Deliveries in progress at once in this process. Default 4. */
  concurrency?: number;
  /** Pause between deliveries, so a recovering helpdesk is not flooded. Default 100 ms. */
  paceMs?: number;
  /** How often an empty outbox is checked. Default 1 s. */
  idleMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger?: Logger;
  onDelivered?: (entry: OutboxEntry, result: HandoffResult) => void;
  onFailed?: (entry: OutboxEntry, error: unknown) => void;
}

export interface OutboxDeliverer {
  /** Starts delivering in the background (`concurrency` loops). */
  start(): void;
  /** Delivers due entries until none is left or one fails; returns how many were delivered. */
  deliverDue(): Promise<number>;
  /** Stops after the delivery in progress. */
  stop(): Promise<void>;
}

/** The most notes one digest note carries; more go in the next one. */
const DIGEST_MAX_NOTES = 100;

/** The deliverer's pause after a failed delivery, before it tries the next entry. */
const FAILURE_PAUSE_MS = 2000;

/** Backoff after a failed delivery: 1 s doubling to 60 s, or the helpdesk's Retry-After. */
function backoffMs(attempts: number, error: unknown): number {
  if (isHelpdeskError(error) && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers queued handoffs to the helpdesk, oldest first, one at a time per process. Every process
 * may run one: the outbox leases each entry to one deliverer, and a delivery is a retry of the
 * handoff's original attempt (same marker), so a delivery interrupted by a crash is finished by
 * the next deliverer without a second ticket or note.
 */
export function createOutboxDeliverer(options: OutboxDelivererOptions): OutboxDeliverer {
  const { outbox, handoffs, helpdesk } = options;
  const owner = options.owner ?? `deliverer-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 15_000;
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 12_000;
  const paceMs = options.paceMs ?? 100;
  const idleMs = options.idleMs ?? 1000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  const stopping = new AbortController();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let loops: Promise<void>[] | undefined;

  /** Delivers one entry (with every other due note when it is a note kept for a digest); returns the pause. */
  async function deliverOne(entry: OutboxEntry): Promise<number> {
    if (!entry.joined) return deliverQueued(entry);
    // Notes kept during a burst all fall due at the end of their interval: take them together, in one
    // step. An ordinary queued handoff ends the batch: it is delivered on its own, paced as usual.
    const more = await outbox
      .takeBatch({ owner, leaseMs, now: now(), limit: DIGEST_MAX_NOTES - 1 })
      .catch((): OutboxEntry[] => []);
    const batch = [entry, ...more];
    const digests = new Map<string, OutboxEntry[]>();
    const pauses: number[] = [];
    for (const taken of batch) {
      if (!taken.joined) pauses.push(await deliverQueued(taken));
      else digests.set(taken.joined.id, [...(digests.get(taken.joined.id) ?? []), taken]);
    }
    for (const notes of digests.values()) pauses.push(await deliverDigest(notes[0]!.joined!, notes));
    return Math.min(...pauses);
  }

  /** Bodies of the ticket's notes that carry one of `markers`. */
  async function markersOnTicket(ticketId: string, markers: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const signal = AbortSignal.timeout(deliveryTimeoutMs);
    for (let startIndex = 1; ; ) {
      const page = await helpdesk.listNotes(ticketId, { startIndex, rowCount: 100 }, { signal });
      for (const note of page.items)
        for (const m of markers) if (note.body.includes(m) && mentionsMarker(note.body, m)) found.add(m);
      if (!page.hasMore || page.items.length === 0) return found;
      startIndex += page.items.length;
    }
  }

  /**
   * Writes the notes of several callers who joined `ticket` as one note, then removes them from the
   * outbox. A try interrupted between the two (a crash) is repeated by the next deliverer, which first
   * reads the ticket's notes and leaves out every caller whose `Ref:` marker is already there. (A
   * handoff that wrote its note itself because keeping it failed takes the kept note out of the
   * outbox: `dropKeptNote`.)
   */
  async function deliverDigest(ticket: TicketRef, notes: OutboxEntry[]): Promise<number> {
    const settled = new Set<OutboxEntry>();
    const delivered = (note: OutboxEntry) => {
      settled.add(note);
      options.onDelivered?.(note, landedResult(note.handoff, { ticket, created: false }));
    };
    try {
      let pending = notes;
      if (notes.some((n) => n.attempts > 1)) {
        const written = await markersOnTicket(
          ticket.id,
          notes.map((n) => n.handoffId),
        );
        pending = notes.filter((n) => !written.has(n.handoffId));
      }
      if (pending.length > 0) {
        const body = digestNote(pending.map((n) => ({ handoff: n.handoff, marker: n.handoffId })));
        await helpdesk.addNote(ticket.id, { body }, { signal: AbortSignal.timeout(deliveryTimeoutMs) });
      }
      // Notes without follow-ups (all of them, in an outage) are settled in one step.
      const plain = notes.filter((note) => note.followUps.length === 0);
      const rests =
        plain.length === 0
          ? []
          : await outbox.markAllDelivered({
              references: plain.map((note) => note.reference),
              ticket,
              created: false,
              followUpsDone: 0,
              ttlMs: DIGEST_RECORD_TTL_MS,
              now: now(),
            });
      for (const [i, note] of plain.entries()) {
        // Follow-ups added between the take and the settling: their note is delivered already, so a
        // failure here cannot be retried; it is logged and does not stop the other notes.
        for (const body of rests[i] ?? []) {
          await helpdesk
            .addNote(ticket.id, { body })
            .catch((error: unknown) =>
              logger.warn(
                { reference: note.reference, ticketId: ticket.id, err: (error as Error).message },
                "could not add a follow-up that arrived while its note was being delivered",
              ),
            );
        }
        delivered(note);
      }
      // A note with follow-ups has them added before it is settled: when adding fails, it and the
      // notes after it stay queued and the next try (which skips the digest) adds them.
      for (const note of notes) {
        if (note.followUps.length === 0) continue;
        for (const body of note.followUps) await helpdesk.addNote(ticket.id, { body });
        const rest = await outbox.markDelivered({
          reference: note.reference,
          ticket,
          created: false,
          followUpsDone: note.followUps.length,
          ttlMs: DIGEST_RECORD_TTL_MS,
          now: now(),
        });
        for (const body of rest ?? []) await helpdesk.addNote(ticket.id, { body });
        delivered(note);
      }
      logger.info(
        { ticketId: ticket.id, notes: notes.length, written: pending.length },
        "digest note written",
      );
      return paceMs;
    } catch (error) {
      if (isHelpdeskError(error) && error.code === "not_found" && settled.size === 0) {
        // The ticket is gone: each caller becomes an ordinary queued handoff (finds or creates anew).
        logger.warn({ ticketId: ticket.id, notes: notes.length }, "digest's ticket is gone; delivering each");
        const pauses: number[] = [];
        for (const { joined: _gone, ...note } of notes) pauses.push(await deliverQueued(note));
        return Math.min(...pauses);
      }
      let pause = paceMs;
      for (const note of notes) if (!settled.has(note)) pause = Math.min(pause, await failed(note, error));
      return pause;
    }
  }

  /** Hands a failed entry back with its backoff; returns the (negative) pause before the next one. */
  async function failed(entry: OutboxEntry, error: unknown): Promise<number> {
    const wait = backoffMs(entry.attempts, error);
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ reference: entry.reference, attempts: entry.attempts, err: message }, "delivery failed");
    options.onFailed?.(entry, error);
    await outbox
      .retryLater({ reference: entry.reference, owner, availableAt: now() + wait, error: message })
      .catch((e: unknown) => logger.warn({ err: (e as Error).message }, "could not put the entry back"));
    // This entry waits its backoff; the others are tried again soon (or when the circuit allows).
    return -Math.min(wait, FAILURE_PAUSE_MS);
  }

  /** Delivers one queued handoff; returns the pause before the next one. */
  async function deliverQueued(entry: OutboxEntry): Promise<number> {
    try {
      const result = await handoffs.deliver(entry, { signal: AbortSignal.timeout(deliveryTimeoutMs) });
      const ticketId = result.ticketId;
      for (const body of entry.followUps) await helpdesk.addNote(ticketId, { body });
      const ticket = { id: ticketId, displayId: result.ticketNumber, url: result.ticketUrl };
      const rest = await outbox.markDelivered({
        reference: entry.reference,
        ticket,
        created: result.created,
        followUpsDone: entry.followUps.length,
        ttlMs: DELIVERED_REFERENCE_TTL_MS,
        now: now(),
      });
      for (const body of rest ?? []) await helpdesk.addNote(ticketId, { body });
      logger.info(
        { reference: entry.reference, ticketId, outcome: result.outcome, attempts: entry.attempts },
        "queued handoff delivered",
      );
      options.onDelivered?.(entry, result);
      return paceMs;
    } catch (error) {
      return failed(entry, error);
    }
  }

  const available = () => options.helpdeskAvailable?.() ?? true;

  async function deliverDue(): Promise<number> {
    let delivered = 0;
    for (;;) {
      if (!available()) return delivered;
      const entry = await outbox.take({ owner, leaseMs, now: now() });
      if (!entry) return delivered;
      const pause = await deliverOne(entry);
      if (pause < 0) return delivered;
      delivered++;
      if (stopping.signal.aborted) return delivered;
      await sleep(pause, stopping.signal);
    }
  }

  async function run(): Promise<void> {
    while (!stopping.signal.aborted) {
      let pause = idleMs;
      try {
        const entry = available() ? await outbox.take({ owner, leaseMs, now: now() }) : undefined;
        if (entry) pause = Math.abs(await deliverOne(entry));
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "outbox unavailable");
      }
      await sleep(pause, stopping.signal).catch(() => undefined);
    }
  }

  return {
    start() {
      loops ??= Array.from({ length: concurrency }, () => run());
    },
    async deliverDue() {
      return deliverDue().catch((error: unknown) => {
        if (stopping.signal.aborted) return 0;
        throw error;
      });
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops ?? []);
    },
  };
}
