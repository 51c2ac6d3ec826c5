import type { Stores } from "../ports/stores.ts";
import { SqliteAuditLog } from "./sqlite-audit-log.ts";
import { SqliteDb } from "./sqlite-db.ts";
import { SqliteDedupStore } from "./sqlite-dedup-store.ts";
import { SqliteIdempotencyStore } from "./sqlite-idempotency-store.ts";
import { SqliteOutbox } from "./sqlite-outbox.ts";
import { purgeExpired } from "./sqlite-schema.ts";
import { SqliteRateLimiter, SqliteReplayGuard, SqliteTokenCache } from "./sqlite-small-stores.ts";

export interface SqliteStoresOptions {
  /** Database file (created with its directory), or ":memory:". */
  path: string;
  /** How long a writer waits for another process's transaction. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** How often expired rows are deleted. Default 60 s; 0 disables the timer. */
  cleanupIntervalMs?: number;
  now?: () => number;
}

/**
 * Every store in one SQLite file: the embedded default, shared by http-ingest and mcp-stdio on
 * one host so their handoffs dedup against each other. Safe for several processes (WAL, busy
 * timeout, one transaction per operation). Throws `StoreError` when the file cannot be opened.
 */
export function createSqliteStores(options: SqliteStoresOptions): Stores {
  const sql = new SqliteDb(options.path, options.busyTimeoutMs ?? 5000);
  const now = options.now ?? Date.now;
  const interval = options.cleanupIntervalMs ?? 60_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          try {
            sql.tx(() => purgeExpired(sql.db, now()));
          } catch {
            // a busy database is fine: the next round cleans up
          }
        }, interval)
      : undefined;
  timer?.unref();
  let closed = false;
  return {
    kind: "sqlite",
    dedup: new SqliteDedupStore(sql),
    idempotency: new SqliteIdempotencyStore(sql),
    replay: new SqliteReplayGuard(sql),
    rateLimiter: new SqliteRateLimiter(sql),
    tokenCache: new SqliteTokenCache(sql),
    outbox: new SqliteOutbox(sql),
    audit: new SqliteAuditLog(sql),
    async health() {
      try {
        sql.run(() => sql.prepare("SELECT 1").get());
        return { ok: true, kind: "sqlite" };
      } catch (error) {
        return { ok: false, kind: "sqlite", detail: (error as Error).message };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      sql.db.close();
    },
  };
}
