import type { ClaimOutcome, DedupEntry, DedupStore } from "../ports/stores.ts";
import type { TicketRef } from "../ticket.ts";
import type { SqliteDb } from "./sqlite-db.ts";

type Row = { key: string; state: string; claim_id: string | null; ticket: string | null; expires_at: number };

function toEntry(row: Row): DedupEntry {
  return row.state === "ticket"
    ? { state: "ticket", ticket: JSON.parse(row.ticket!) as TicketRef, expiresAt: row.expires_at }
    : { state: "pending", claimId: row.claim_id!, leaseExpiresAt: row.expires_at };
}

/** Dedup store on SQLite; each method is one transaction, so claims are atomic across processes. */
export class SqliteDedupStore implements DedupStore {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }

  async claim({ keys, claimId, leaseMs, now }: Parameters<DedupStore["claim"]>[0]): Promise<ClaimOutcome> {
    const sql = this.#sql;
    return sql.tx(() => {
      const select = sql.prepare("SELECT * FROM dedup WHERE key = ? AND expires_at > ?");
      const live = keys.map((key) => ({ key, row: select.get(key, now) as Row | undefined }));
      for (const { key, row } of live) {
        if (row?.state === "ticket")
          return { kind: "hit", key, ticket: JSON.parse(row.ticket!) as TicketRef };
      }
      for (const { key, row } of live) {
        if (row && row.claim_id !== claimId) return { kind: "pending", key, leaseExpiresAt: row.expires_at };
      }
      const upsert = sql.prepare(
        "INSERT OR REPLACE INTO dedup (key, state, claim_id, ticket, expires_at) VALUES (?, 'pending', ?, NULL, ?)",
      );
      for (const key of keys) upsert.run(key, claimId, now + leaseMs);
      return { kind: "claimed" };
    });
  }

  async complete({
    keys,
    claimId,
    ticket,
    windowMs,
    now,
  }: Parameters<DedupStore["complete"]>[0]): Promise<boolean> {
    const sql = this.#sql;
    return sql.tx(() => {
      const owned = sql.prepare(
        "SELECT count(*) AS n FROM dedup WHERE key = ? AND state = 'pending' AND claim_id = ?",
      );
      if (!keys.every((key) => (owned.get(key, claimId) as { n: number }).n === 1)) return false;
      const write = sql.prepare(
        "UPDATE dedup SET state = 'ticket', ticket = ?, claim_id = NULL, expires_at = ? WHERE key = ?",
      );
      for (const key of keys) write.run(JSON.stringify(ticket), now + windowMs, key);
      return true;
    });
  }

  async release({ keys, claimId }: Parameters<DedupStore["release"]>[0]): Promise<void> {
    const del = this.#sql.prepare("DELETE FROM dedup WHERE key = ? AND state = 'pending' AND claim_id = ?");
    this.#sql.tx(() => {
      for (const key of keys) del.run(key, claimId);
    });
  }

  async forget({ keys, ticketId }: Parameters<DedupStore["forget"]>[0]): Promise<void> {
    const del = this.#sql.prepare(
      "DELETE FROM dedup WHERE key = ? AND state = 'ticket' AND json_extract(ticket, '$.id') = ?",
    );
    this.#sql.tx(() => {
      for (const key of keys) del.run(key, ticketId);
    });
  }

  async get(key: string, now: number): Promise<DedupEntry | undefined> {
    const row = this.#sql.run(
      () =>
        this.#sql.prepare("SELECT * FROM dedup WHERE key = ? AND expires_at > ?").get(key, now) as
          | Row
          | undefined,
    );
    return row ? toEntry(row) : undefined;
  }
}
