import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from "../ports/stores.ts";
import type { SqliteDb } from "./sqlite-db.ts";

type Row = { fingerprint: string; response: string | null };

/** Idempotency-Key store on SQLite. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }

  async begin({
    key,
    fingerprint,
    leaseMs,
    now,
  }: Parameters<IdempotencyStore["begin"]>[0]): Promise<IdempotencyBegin> {
    const sql = this.#sql;
    return sql.tx(() => {
      const row = sql
        .prepare("SELECT fingerprint, response FROM idempotency WHERE key = ? AND expires_at > ?")
        .get(key, now) as Row | undefined;
      if (!row) {
        sql
          .prepare(
            "INSERT OR REPLACE INTO idempotency (key, fingerprint, response, expires_at) VALUES (?, ?, NULL, ?)",
          )
          .run(key, fingerprint, now + leaseMs);
        return { kind: "started" };
      }
      if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
      return row.response === null
        ? { kind: "in_flight" }
        : { kind: "replay", response: JSON.parse(row.response) as StoredResponse };
    });
  }

  async extend({
    key,
    fingerprint,
    leaseMs,
    now,
  }: Parameters<IdempotencyStore["extend"]>[0]): Promise<boolean> {
    const changed = this.#sql.run(() =>
      this.#sql
        .prepare(
          "UPDATE idempotency SET expires_at = ? WHERE key = ? AND fingerprint = ? AND response IS NULL AND expires_at > ?",
        )
        .run(now + leaseMs, key, fingerprint, now),
    );
    return Number(changed.changes) === 1;
  }

  async finish({
    key,
    fingerprint,
    response,
    ttlMs,
    now,
  }: Parameters<IdempotencyStore["finish"]>[0]): Promise<void> {
    this.#sql.run(() =>
      this.#sql
        .prepare(
          "INSERT OR REPLACE INTO idempotency (key, fingerprint, response, expires_at) VALUES (?, ?, ?, ?)",
        )
        .run(key, fingerprint, JSON.stringify(response), now + ttlMs),
    );
  }

  async abandon(key: string): Promise<void> {
    this.#sql.run(() => this.#sql.prepare("DELETE FROM idempotency WHERE key = ?").run(key));
  }
}
