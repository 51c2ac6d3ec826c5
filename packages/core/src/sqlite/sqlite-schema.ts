import type { DatabaseSync } from "node:sqlite";

/** Each entry upgrades the schema by one version (`PRAGMA user_version`). Never edit a shipped entry. */
const MIGRATIONS: string[] = [
  `CREATE TABLE dedup (key TEXT PRIMARY KEY, state TEXT NOT NULL, claim_id TEXT, ticket TEXT, expires_at INTEGER NOT NULL);
   CREATE INDEX dedup_expires ON dedup (expires_at);
   CREATE TABLE idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, response TEXT, expires_at INTEGER NOT NULL);
   CREATE INDEX idempotency_expires ON idempotency (expires_at);
   CREATE TABLE seen (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
   CREATE INDEX seen_expires ON seen (expires_at);
   CREATE TABLE rate_limit (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX rate_limit_expires ON rate_limit (expires_at);
   CREATE TABLE tokens (key TEXT PRIMARY KEY, access_token TEXT NOT NULL, expires_at INTEGER NOT NULL);
   CREATE TABLE locks (key TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);`,
  // 2: crash-safe creates (a pending claim's lease apart from its retention, and its create intents)
  // and the outbox of handoffs kept while the helpdesk cannot take them.
  `ALTER TABLE dedup ADD COLUMN lease_expires_at INTEGER;
   ALTER TABLE dedup ADD COLUMN markers TEXT;
   CREATE TABLE outbox (reference TEXT PRIMARY KEY, state TEXT NOT NULL, entry TEXT NOT NULL,
     queued_at INTEGER NOT NULL, available_at INTEGER NOT NULL, owner TEXT, lease_expires_at INTEGER NOT NULL DEFAULT 0,
     last_error TEXT, delivery TEXT, expires_at INTEGER);
   CREATE INDEX outbox_due ON outbox (state, queued_at);`,
  // 3: the audit log of MCP writes (kept for good; never purged).
  `CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,
     via TEXT NOT NULL, tool TEXT NOT NULL, ticket_id TEXT, outcome TEXT NOT NULL, code TEXT, caller TEXT);
   CREATE INDEX audit_at ON audit (at);
   CREATE INDEX audit_ticket ON audit (ticket_id, at);`,
];

/** The schema version this code writes. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to {@link SQLITE_SCHEMA_VERSION}; refuses a database from a newer version. */
export function migrate(db: DatabaseSync, path: string): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    const { user_version: current } = db.prepare("PRAGMA user_version").get() as { user_version: number };
    if (current > SQLITE_SCHEMA_VERSION) {
      throw new Error(
        `${path} has store schema version ${current}, newer than this release understands (${SQLITE_SCHEMA_VERSION}); upgrade the bridge or use another STORE_URL`,
      );
    }
    for (let version = current; version < SQLITE_SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    db.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** Deletes expired rows from every table; returns how many. */
export function purgeExpired(db: DatabaseSync, now: number): number {
  let removed = 0;
  for (const table of ["dedup", "idempotency", "seen", "rate_limit", "tokens", "locks"]) {
    removed += Number(db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`).run(now).changes);
  }
  // queued handoffs never expire; delivery records do
  removed += Number(
    db.prepare("DELETE FROM outbox WHERE state = 'delivered' AND expires_at <= ?").run(now).changes,
  );
  return removed;
}
