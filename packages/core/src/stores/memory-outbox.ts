import {
  checkedTakeLimit,
  type MarkDeliveredRequest,
  type Outbox,
  type OutboxEntry,
  type OutboxRecord,
  type OutboxStats,
  type TakeRequest,
} from "../ports/outbox.ts";
import type { TicketRef } from "../ticket.ts";
import { DEFAULT_MAX_ENTRIES } from "./expiring-map.ts";

interface Queued {
  state: "queued";
  entry: OutboxEntry;
  availableAt: number;
  owner?: string | undefined;
  leaseExpiresAt: number;
  lastError?: string;
}
interface Delivered {
  state: "delivered";
  reference: string;
  ticket: TicketRef;
  created: boolean;
  deliveredAt: number;
  expiresAt: number;
}

const normal = (reference: string) => reference.trim().toUpperCase();

/**
 * A copy through JSON, as the durable outboxes store an entry: what is kept or handed out shares
 * nothing with the caller's object, and loses what JSON would (cheaper than `structuredClone`).
 */
const copied = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * In-process outbox, for tests and single-process demos: nothing survives a restart. Queued and
 * delivered entries are kept apart, so taking the next entry looks at queued ones only; delivered
 * records whose `ttlMs` ended are dropped, oldest first, as new ones arrive, and at most
 * `maxDelivered` are kept (a digest's notes are kept an hour: at 500 handoffs a second that would be
 * 1.8 million records).
 */
export class MemoryOutbox implements Outbox {
  readonly #maxDelivered: number;
  readonly #queued = new Map<string, Queued>();
  /**
   * True while entries were enqueued in `queuedAt` order (as they are when each is queued at `now`):
   * the first due entry in insertion order is then the oldest, and `take` stops there.
   */
  #inQueuedOrder = true;
  #lastQueuedAt = Number.NEGATIVE_INFINITY;
  /** In the order they were delivered; expired ones are dropped from the front by `markDelivered`. */
  readonly #delivered = new Map<string, Delivered>();

  constructor(options: { maxDelivered?: number } = {}) {
    this.#maxDelivered = Math.max(1, options.maxDelivered ?? DEFAULT_MAX_ENTRIES);
  }

  async enqueue({ entry, availableAt, owner }: Parameters<Outbox["enqueue"]>[0]): Promise<boolean> {
    const reference = normal(entry.reference);
    if (this.#queued.has(reference) || this.#delivered.has(reference)) return false;
    if (entry.queuedAt < this.#lastQueuedAt) this.#inQueuedOrder = false;
    this.#lastQueuedAt = Math.max(this.#lastQueuedAt, entry.queuedAt);
    this.#queued.set(reference, {
      state: "queued",
      entry: { ...copied(entry), reference, attempts: 0, followUps: [] },
      availableAt,
      owner,
      leaseExpiresAt: owner ? availableAt : 0,
    });
    return true;
  }

  async take(request: TakeRequest): Promise<OutboxEntry | undefined> {
    const row = this.#takeOne(request);
    return row && copied(row.entry);
  }

  async takeBatch(request: TakeRequest & { limit: number }): Promise<OutboxEntry[]> {
    const limit = checkedTakeLimit(request.limit);
    const taken: OutboxEntry[] = [];
    // Each entry once, even when a lease of 0 ms leaves it free again at once.
    const seen = new Set<Queued>();
    while (taken.length < limit) {
      const row = this.#takeOne(request, seen);
      if (!row) break;
      seen.add(row);
      taken.push(copied(row.entry));
      if (!row.entry.joined) break;
    }
    return taken;
  }

  /** Leases the oldest due, unleased entry to `owner`, counting an attempt. */
  #takeOne({ owner, leaseMs, now }: TakeRequest, skip?: ReadonlySet<Queued>): Queued | undefined {
    let oldest: Queued | undefined;
    for (const row of this.#queued.values()) {
      if (row.availableAt > now || row.leaseExpiresAt > now || skip?.has(row)) continue;
      if (!oldest || row.entry.queuedAt < oldest.entry.queuedAt) oldest = row;
      if (this.#inQueuedOrder) break;
    }
    if (!oldest) return undefined;
    oldest.owner = owner;
    oldest.leaseExpiresAt = now + leaseMs;
    oldest.entry.attempts += 1;
    return oldest;
  }

  async retryLater({ reference, owner, availableAt, error }: Parameters<Outbox["retryLater"]>[0]) {
    const row = this.#queued.get(normal(reference));
    if (!row || row.owner !== owner) return;
    row.owner = undefined;
    row.leaseExpiresAt = 0;
    row.availableAt = availableAt;
    row.lastError = error;
  }

  async markDelivered(request: MarkDeliveredRequest & { reference: string }): Promise<string[] | undefined> {
    return this.#markDelivered(request.reference, request);
  }

  async markAllDelivered(
    request: MarkDeliveredRequest & { references: readonly string[] },
  ): Promise<Array<string[] | undefined>> {
    return request.references.map((reference) => this.#markDelivered(reference, request));
  }

  #markDelivered(given: string, request: MarkDeliveredRequest): string[] | undefined {
    const reference = normal(given);
    const row = this.#queued.get(reference);
    if (!row) return undefined;
    this.#queued.delete(reference);
    if (this.#queued.size === 0) this.#inQueuedOrder = true;
    for (const [old, done] of this.#delivered) {
      if (done.expiresAt > request.now && this.#delivered.size < this.#maxDelivered) break;
      this.#delivered.delete(old);
    }
    this.#delivered.set(reference, {
      state: "delivered",
      reference,
      ticket: request.ticket,
      created: request.created,
      deliveredAt: request.now,
      expiresAt: request.now + request.ttlMs,
    });
    return row.entry.followUps.slice(request.followUpsDone);
  }

  async addFollowUp(reference: string, text: string): Promise<OutboxRecord | undefined> {
    const queued = this.#queued.get(normal(reference));
    if (queued) {
      queued.entry.followUps.push(text);
      return { state: "queued", entry: copied(queued.entry) };
    }
    const delivered = this.#delivered.get(normal(reference));
    return delivered ? toRecord(delivered) : undefined;
  }

  async lookup(reference: string): Promise<OutboxRecord | undefined> {
    const row = this.#queued.get(normal(reference)) ?? this.#delivered.get(normal(reference));
    return row ? toRecord(row) : undefined;
  }

  async stats(): Promise<OutboxStats> {
    let oldestQueuedAt: number | undefined;
    for (const row of this.#queued.values())
      if (oldestQueuedAt === undefined || row.entry.queuedAt < oldestQueuedAt)
        oldestQueuedAt = row.entry.queuedAt;
    const depth = this.#queued.size;
    return oldestQueuedAt === undefined ? { depth } : { depth, oldestQueuedAt };
  }
}

function toRecord(row: Queued | Delivered): OutboxRecord {
  if (row.state === "delivered") {
    const { reference, ticket, created, deliveredAt } = row;
    return { state: "delivered", reference, ticket, created, deliveredAt };
  }
  return {
    state: "queued",
    entry: copied(row.entry),
    ...(row.lastError === undefined ? {} : { lastError: row.lastError }),
  };
}
