import {
  ABANDONED_INTENT_RETENTION_MS,
  type ClaimOutcome,
  type DedupEntry,
  type DedupStore,
} from "../ports/stores.ts";
import type { TicketRef } from "../ticket.ts";
import type { SqliteDb } from "./sqlite-db.ts";
import { markSeen } from "./sqlite-small-stores.ts";

/**
 * One row per key. A ticket row lives until `expires_at` (the window). A pending row's lease ends at
 * `lease_expires_at`, but the row (with its create intents in `markers`) is kept until `expires_at`
 * so whoever takes the key over can look for a crashed creator's ticket.
 */
type Row = {
  key: string;
  state: string;
  claim_id: string | null;
  ticket: string | null;
  expires_at: number;
  lease_expires_at: number | null;
  markers: string | null;
};

const leaseOf = (row: Row) => row.lease_expires_at ?? row.expires_at;
const markersOf = (row: Row) => (row.markers ? (JSON.parse(row.markers) as string[]) : []);

/** Dedup store on SQLite; each method is one transaction, so claims are atomic across processes. */
export class SqliteDedupStore implements DedupStore {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }

  async claim(request: Parameters<DedupStore["claim"]>[0]): Promise<ClaimOutcome> {
    const { seen, now } = request;
    if (!seen) return this.#claim(request);
    // The seen mark is a write anyway: it and the claim share one transaction (one commit).
    return this.#sql.tx(() => {
      const firstSeen = markSeen(this.#sql, { ...seen, now });
      return { ...this.#claimIn(request), firstSeen };
    });
  }

  #claim(request: Parameters<DedupStore["claim"]>[0]): ClaimOutcome {
    const { keys, now } = request;
    const sql = this.#sql;
    // A dedup hit (the common case in an outage) is a read: no write lock, no commit.
    const hit = sql.run(() => {
      const ticketOf = sql.prepare(
        "SELECT ticket FROM dedup WHERE key = ? AND expires_at > ? AND state = 'ticket'",
      );
      for (const key of keys) {
        const row = ticketOf.get(key, now) as { ticket: string } | undefined;
        if (row) return { kind: "hit" as const, key, ticket: JSON.parse(row.ticket) as TicketRef };
      }
      return undefined;
    });
    if (hit) return hit;
    return sql.tx(() => this.#claimIn(request));
  }

  /** The claim itself, inside the caller's write transaction. */
  #claimIn({ keys, claimId, marker, leaseMs, now }: Parameters<DedupStore["claim"]>[0]): ClaimOutcome {
    const sql = this.#sql;
    const select = sql.prepare("SELECT * FROM dedup WHERE key = ? AND expires_at > ?");
    const stored = keys.map((key) => ({ key, row: select.get(key, now) as Row | undefined }));
    for (const { key, row } of stored) {
      if (row?.state === "ticket") return { kind: "hit", key, ticket: JSON.parse(row.ticket!) as TicketRef };
    }
    const abandoned = new Set<string>();
    for (const { key, row } of stored) {
      if (!row || row.claim_id === claimId) continue;
      if (leaseOf(row) > now) return { kind: "pending", key, leaseExpiresAt: leaseOf(row) };
      for (const m of markersOf(row)) abandoned.add(m);
    }
    const markers = JSON.stringify(abandoned.has(marker) ? [...abandoned] : [...abandoned, marker]);
    const lease = now + leaseMs;
    const upsert = sql.prepare(
      "INSERT OR REPLACE INTO dedup (key, state, claim_id, ticket, expires_at, lease_expires_at, markers) VALUES (?, 'pending', ?, NULL, ?, ?, ?)",
    );
    for (const key of keys) upsert.run(key, claimId, lease + ABANDONED_INTENT_RETENTION_MS, lease, markers);
    return { kind: "claimed", abandoned: [...abandoned] };
  }

  async renew({ keys, claimId, leaseMs, now }: Parameters<DedupStore["renew"]>[0]): Promise<boolean> {
    const sql = this.#sql;
    return sql.tx(() => {
      if (!this.#holds(keys, claimId)) return false;
      const lease = now + leaseMs;
      const write = sql.prepare("UPDATE dedup SET lease_expires_at = ?, expires_at = ? WHERE key = ?");
      for (const key of keys) write.run(lease, lease + ABANDONED_INTENT_RETENTION_MS, key);
      return true;
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
      if (!this.#holds(keys, claimId)) return false;
      const write = sql.prepare(
        "UPDATE dedup SET state = 'ticket', ticket = ?, claim_id = NULL, expires_at = ?, lease_expires_at = NULL, markers = NULL WHERE key = ?",
      );
      for (const key of keys) write.run(JSON.stringify(ticket), now + windowMs, key);
      return true;
    });
  }

  #holds(keys: readonly string[], claimId: string): boolean {
    const owned = this.#sql.prepare(
      "SELECT count(*) AS n FROM dedup WHERE key = ? AND state = 'pending' AND claim_id = ?",
    );
    return keys.every((key) => (owned.get(key, claimId) as { n: number }).n === 1);
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

  async record({ key, ticket, ttlMs, now }: Parameters<DedupStore["record"]>[0]): Promise<boolean> {
    // One statement: insert, or take over a row that is no longer live (window or lease ended).
    const written = this.#sql.run(() =>
      this.#sql
        .prepare(
          `INSERT INTO dedup (key, state, claim_id, ticket, expires_at, lease_expires_at, markers)
           VALUES (?, 'ticket', NULL, ?, ?, NULL, NULL)
           ON CONFLICT (key) DO UPDATE SET state = 'ticket', claim_id = NULL, ticket = excluded.ticket,
             expires_at = excluded.expires_at, lease_expires_at = NULL, markers = NULL
           WHERE dedup.expires_at <= ? OR (dedup.state = 'pending' AND coalesce(dedup.lease_expires_at, dedup.expires_at) <= ?)`,
        )
        .run(key, JSON.stringify(ticket), now + ttlMs, now, now),
    );
    return Number(written.changes) === 1;
  }

  async get(key: string, now: number): Promise<DedupEntry | undefined> {
    const row = this.#sql.run(
      () =>
        this.#sql.prepare("SELECT * FROM dedup WHERE key = ? AND expires_at > ?").get(key, now) as
          | Row
          | undefined,
    );
    if (!row) return undefined;
    if (row.state === "ticket") {
      return { state: "ticket", ticket: JSON.parse(row.ticket!) as TicketRef, expiresAt: row.expires_at };
    }
    if (leaseOf(row) <= now) return undefined;
    return {
      state: "pending",
      claimId: row.claim_id!,
      leaseExpiresAt: leaseOf(row),
      markers: markersOf(row),
    };
  }
}
