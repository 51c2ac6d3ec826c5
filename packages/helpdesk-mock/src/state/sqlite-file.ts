import { DatabaseSync } from "node:sqlite";

/**
 * The SQLite file the mock's states share (tickets, work records, module records): WAL mode plus a
 * busy timeout (default 5 s), so several processes over the same file write concurrently.
 */
export function openSharedSqlite(path: string, options: { busyTimeoutMs?: number } = {}): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000 });
  db.exec("PRAGMA journal_mode = WAL");
  return db;
}

/** Runs `work` in a write transaction taken up front, so two processes never deadlock on upgrade. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** A record stored as JSON in a row's `data` column. */
export const parseData = <T>(row: unknown): T => JSON.parse((row as { data: string }).data) as T;
