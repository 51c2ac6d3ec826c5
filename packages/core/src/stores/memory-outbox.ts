import type { Outbox, OutboxEntry, OutboxRecord, OutboxStats } from "../ports/outbox.ts";
import type { TicketRef } from "../ticket.ts";

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

/** In-process outbox, for tests and single-process demos: nothing survives a restart. */
export class MemoryOutbox implements Outbox {
  readonly #rows = new Map<string, Queued | Delivered>();

  async enqueue({ entry, availableAt, owner }: Parameters<Outbox["enqueue"]>[0]): Promise<boolean> {
    const reference = normal(entry.reference);
    if (this.#rows.has(reference)) return false;
    this.#rows.set(reference, {
      state: "queued",
      entry: { ...structuredClone(entry), reference, attempts: 0, followUps: [] },
      availableAt,
      owner,
      leaseExpiresAt: owner ? availableAt : 0,
    });
    return true;
  }

  async take({ owner, leaseMs, now }: Parameters<Outbox["take"]>[0]): Promise<OutboxEntry | undefined> {
    let oldest: Queued | undefined;
    for (const row of this.#rows.values()) {
      if (row.state !== "queued" || row.availableAt > now || row.leaseExpiresAt > now) continue;
      if (!oldest || row.entry.queuedAt < oldest.entry.queuedAt) oldest = row;
    }
    if (!oldest) return undefined;
    oldest.owner = owner;
    oldest.leaseExpiresAt = now + leaseMs;
    oldest.entry.attempts += 1;
    return structuredClone(oldest.entry);
  }

  async retryLater({ reference, owner, availableAt, error }: Parameters<Outbox["retryLater"]>[0]) {
    const row = this.#rows.get(normal(reference));
    if (row?.state !== "queued" || row.owner !== owner) return;
    row.owner = undefined;
    row.leaseExpiresAt = 0;
    row.availableAt = availableAt;
    row.lastError = error;
  }

  async markDelivered(request: Parameters<Outbox["markDelivered"]>[0]): Promise<string[] | undefined> {
    const reference = normal(request.reference);
    const row = this.#rows.get(reference);
    if (row?.state !== "queued") return undefined;
    this.#rows.set(reference, {
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
    const row = this.#rows.get(normal(reference));
    if (!row) return undefined;
    if (row.state === "queued") {
      row.entry.followUps.push(text);
      return { state: "queued", entry: structuredClone(row.entry) };
    }
    return toRecord(row);
  }

  async lookup(reference: string): Promise<OutboxRecord | undefined> {
    const row = this.#rows.get(normal(reference));
    return row ? toRecord(row) : undefined;
  }

  async stats(): Promise<OutboxStats> {
    let depth = 0;
    let oldestQueuedAt: number | undefined;
    for (const row of this.#rows.values()) {
      if (row.state !== "queued") continue;
      depth++;
      if (oldestQueuedAt === undefined || row.entry.queuedAt < oldestQueuedAt)
        oldestQueuedAt = row.entry.queuedAt;
    }
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
    entry: structuredClone(row.entry),
    ...(row.lastError === undefined ? {} : { lastError: row.lastError }),
  };
}
