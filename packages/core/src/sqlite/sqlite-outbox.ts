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
import type { SqliteDb } from "./sqlite-db.ts";

type Row = {
  reference: string;
  state: string;
  entry: string;
  owner: string | null;
  last_error: string | null;
  delivery: string | null;
};
type Delivery = { ticket: TicketRef; created: boolean; deliveredAt: number };

const normal = (reference: string) => reference.trim().toUpperCase();

function toRecord(row: Row): OutboxRecord {
  if (row.state === "delivered") {
    const d = JSON.parse(row.delivery!) as Delivery;
    return { state: "delivered", reference: row.reference, ...d };
  }
  return {
    state: "queued",
    entry: JSON.parse(row.entry) as OutboxEntry,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
  };
}

/** The outbox on SQLite: one row per reference; each method is one transaction (or one statement). */
export class SqliteOutbox implements Outbox {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }

  async enqueue({ entry, availableAt, owner }: Parameters<Outbox["enqueue"]>[0]): Promise<boolean> {
    const reference = normal(entry.reference);
    const full: OutboxEntry = { ...entry, reference, attempts: 0, followUps: [] };
    const inserted = this.#sql.run(() =>
      this.#sql
        .prepare(
          "INSERT OR IGNORE INTO outbox (reference, state, entry, queued_at, available_at, owner, lease_expires_at) VALUES (?, 'queued', ?, ?, ?, ?, ?)",
        )
        .run(
          reference,
          JSON.stringify(full),
          entry.queuedAt,
          availableAt,
          owner ?? null,
          owner ? availableAt : 0,
        ),
    );
    return Number(inserted.changes) === 1;
  }

  async take(request: TakeRequest): Promise<OutboxEntry | undefined> {
    return (await this.takeBatch({ ...request, limit: 1 }))[0];
  }

  async takeBatch({ owner, leaseMs, now, limit }: TakeRequest & { limit: number }): Promise<OutboxEntry[]> {
    const sql = this.#sql;
    return sql.tx(() => {
      const rows = sql
        .prepare(
          "SELECT reference, entry FROM outbox WHERE state = 'queued' AND available_at <= ? AND lease_expires_at <= ? ORDER BY queued_at LIMIT ?",
        )
        .all(now, now, checkedTakeLimit(limit)) as { reference: string; entry: string }[];
      const lease = sql.prepare(
        "UPDATE outbox SET owner = ?, lease_expires_at = ?, entry = ? WHERE reference = ?",
      );
      const taken: OutboxEntry[] = [];
      for (const row of rows) {
        const entry = JSON.parse(row.entry) as OutboxEntry;
        entry.attempts += 1;
        lease.run(owner, now + leaseMs, JSON.stringify(entry), row.reference);
        taken.push(entry);
        if (!entry.joined) break;
      }
      return taken;
    });
  }

  async retryLater({ reference, owner, availableAt, error }: Parameters<Outbox["retryLater"]>[0]) {
    this.#sql.run(() =>
      this.#sql
        .prepare(
          "UPDATE outbox SET owner = NULL, lease_expires_at = 0, available_at = ?, last_error = ? WHERE reference = ? AND state = 'queued' AND owner = ?",
        )
        .run(availableAt, error, normal(reference), owner),
    );
  }

  async markDelivered(request: MarkDeliveredRequest & { reference: string }): Promise<string[] | undefined> {
    return this.#sql.tx(() => this.#markDelivered(request.reference, request));
  }

  async markAllDelivered(
    request: MarkDeliveredRequest & { references: readonly string[] },
  ): Promise<Array<string[] | undefined>> {
    return this.#sql.tx(() => request.references.map((reference) => this.#markDelivered(reference, request)));
  }

  /** Marks one entry delivered; inside the caller's transaction. */
  #markDelivered(given: string, request: MarkDeliveredRequest): string[] | undefined {
    const sql = this.#sql;
    const reference = normal(given);
    const row = sql
      .prepare("SELECT entry FROM outbox WHERE reference = ? AND state = 'queued'")
      .get(reference) as { entry: string } | undefined;
    if (!row) return undefined;
    const delivery: Delivery = { ticket: request.ticket, created: request.created, deliveredAt: request.now };
    sql
      .prepare(
        "UPDATE outbox SET state = 'delivered', owner = NULL, delivery = ?, expires_at = ? WHERE reference = ?",
      )
      .run(JSON.stringify(delivery), request.now + request.ttlMs, reference);
    return (JSON.parse(row.entry) as OutboxEntry).followUps.slice(request.followUpsDone);
  }

  async addFollowUp(reference: string, text: string): Promise<OutboxRecord | undefined> {
    const sql = this.#sql;
    return sql.tx(() => {
      const row = sql.prepare("SELECT * FROM outbox WHERE reference = ?").get(normal(reference)) as
        | Row
        | undefined;
      if (!row) return undefined;
      if (row.state !== "queued") return toRecord(row);
      const entry = JSON.parse(row.entry) as OutboxEntry;
      entry.followUps.push(text);
      row.entry = JSON.stringify(entry);
      sql.prepare("UPDATE outbox SET entry = ? WHERE reference = ?").run(row.entry, row.reference);
      return toRecord(row);
    });
  }

  async lookup(reference: string): Promise<OutboxRecord | undefined> {
    const row = this.#sql.run(
      () =>
        this.#sql.prepare("SELECT * FROM outbox WHERE reference = ?").get(normal(reference)) as
          | Row
          | undefined,
    );
    return row ? toRecord(row) : undefined;
  }

  async stats(): Promise<OutboxStats> {
    const row = this.#sql.run(
      () =>
        this.#sql
          .prepare("SELECT count(*) AS depth, min(queued_at) AS oldest FROM outbox WHERE state = 'queued'")
          .get() as { depth: number; oldest: number | null },
    );
    return row.oldest === null ? { depth: row.depth } : { depth: row.depth, oldestQueuedAt: row.oldest };
  }
}
