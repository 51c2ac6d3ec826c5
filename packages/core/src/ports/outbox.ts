import type { Handoff } from "../schemas/prepare-handoff.ts";
import type { TicketRef } from "../ticket.ts";

/**
 * The durable outbox of handoffs the helpdesk could not take in time (store-and-forward). Implemented
 * in memory, SQLite and Redis; every implementation passes `runStoreContract`. Time is passed in.
 * Storage failures throw `StoreError`.
 */

/** A handoff kept for later delivery. */
export interface OutboxEntry {
  /** The short reference the caller heard, e.g. `H-7KQ3XM`. */
  reference: string;
  /** The handoff's identity: its create marker and note marker, the same on every delivery attempt. */
  handoffId: string;
  handoff: Handoff;
  /** Why it was queued (for operators), e.g. "helpdesk unavailable: …". */
  reason: string;
  /**
   * False when the handoff was queued before anything was sent to the helpdesk (the circuit was
   * open): its first delivery need not look for what an earlier attempt wrote.
   */
  mayHaveWritten?: boolean;
  queuedAt: number;
  /** Delivery attempts so far (taken and not delivered). */
  attempts: number;
  /** Texts (post-call summaries) to add to the ticket once the handoff is delivered, oldest first. */
  followUps: string[];
  /**
   * Set when the handoff already joined this open ticket and the caller was answered with it: only its
   * note waits here, to be written with the other callers' in one digest note (see `noteDigestMs`).
   */
  joined?: TicketRef;
}

/** What a reference resolves to. */
export type OutboxRecord =
  | { state: "queued"; entry: OutboxEntry; lastError?: string }
  | { state: "delivered"; reference: string; ticket: TicketRef; created: boolean; deliveredAt: number };

export interface OutboxStats {
  /** Handoffs queued and not yet delivered. */
  depth: number;
  /** When the oldest undelivered handoff was queued, or undefined when none is. */
  oldestQueuedAt?: number;
}

/** Who takes an entry, for how long, and when (`Outbox.take`). */
export interface TakeRequest {
  owner: string;
  leaseMs: number;
  now: number;
}

/**
 * `takeBatch`'s `limit` as a whole number ≥ 0; throws a `RangeError` that says what is wrong for
 * anything else (a fraction, NaN, Infinity), so every outbox reads it alike.
 */
export function checkedTakeLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`takeBatch's limit must be a whole number of at least 0 (got ${limit})`);
  return limit;
}

/** How an entry was delivered (`Outbox.markDelivered`). */
export interface MarkDeliveredRequest {
  ticket: TicketRef;
  created: boolean;
  /** Follow-ups already added to the ticket; the rest are returned. */
  followUpsDone: number;
  /** How long the delivery record answers lookups. */
  ttlMs: number;
  now: number;
}

export interface Outbox {
  /**
   * Stores a handoff for later delivery, not to be taken before `availableAt`. With `owner`, the
   * entry starts held by that owner until `availableAt` (the handoff's own attempt still running),
   * which may hand it back early with `retryLater` or finish it with `markDelivered`. Returns false
   * (and writes nothing) when the reference is already in use.
   */
  enqueue(request: {
    entry: Omit<OutboxEntry, "attempts" | "followUps">;
    availableAt: number;
    owner?: string;
  }): Promise<boolean>;
  /**
   * Atomically leases the oldest queued entry whose `availableAt` has passed and that no live lease
   * holds, to `owner` until `now + leaseMs`, counting an attempt. `undefined` when none is due.
   * Across processes sharing the store, one entry is held by one owner at a time.
   */
  take(request: TakeRequest): Promise<OutboxEntry | undefined>;
  /**
   * Leases at once what `take` would hand out in turn, at most `limit` entries, ending at the first
   * that is not a note kept for a digest (`joined` unset), which is included: a digest's notes in one
   * transaction (one script on Redis), where taking them one by one cost one each. `[]` when none is due.
   */
  takeBatch(request: TakeRequest & { limit: number }): Promise<OutboxEntry[]>;
  /** Puts a leased entry back, due again at `availableAt`, noting the error. No-op when not held by `owner`. */
  retryLater(request: {
    reference: string;
    owner: string;
    availableAt: number;
    error: string;
  }): Promise<void>;
  /**
   * Marks the entry delivered onto `ticket` (kept for lookups for `ttlMs`) and returns the follow-ups
   * added after the first `followUpsDone` — they still need adding to the ticket. Whoever delivered
   * (a deliverer or the handoff's own late-finishing attempt) may call it; once delivered, later
   * calls change nothing and return `undefined`.
   */
  markDelivered(request: MarkDeliveredRequest & { reference: string }): Promise<string[] | undefined>;
  /**
   * `markDelivered` for several entries delivered onto one ticket (a digest's notes), in one
   * transaction (one script on Redis): the follow-ups still to add per reference, in the order
   * given, `undefined` for one that was not queued.
   */
  markAllDelivered(
    request: MarkDeliveredRequest & { references: readonly string[] },
  ): Promise<Array<string[] | undefined>>;
  /**
   * Adds a follow-up text to a queued entry. Returns the delivered record instead (nothing written)
   * when the entry was delivered meanwhile, and `undefined` when the reference is unknown.
   */
  addFollowUp(reference: string, text: string): Promise<OutboxRecord | undefined>;
  /** The entry or delivery record of a reference (case-insensitive), or `undefined`. */
  lookup(reference: string): Promise<OutboxRecord | undefined>;
  stats(): Promise<OutboxStats>;
}
