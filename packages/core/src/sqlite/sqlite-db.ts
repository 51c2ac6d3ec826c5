import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { StoreError } from "../errors.ts";
import { migrate } from "./sqlite-schema.ts";

/** A SQLite connection set up for several processes sharing one file: WAL and a busy timeout. */
export class SqliteDb {
  readonly db: DatabaseSync;
  readonly path: string;
  readonly #statements = new Map<string, StatementSync>();

  constructor(path: string, busyTimeoutMs: number) {
    this.path = path;
    try {
      if (path !== ":memory:") {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the
        // database file's mode, so they are owner-only too. An existing file keeps its mode.
        closeSync(openSync(path, "a", 0o600));
      }
      this.db = new DatabaseSync(path);
      this.db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
      this.db.exec("PRAGMA journal_mode = WAL");
      this.db.exec("PRAGMA synchronous = NORMAL");
      migrate(this.db, path);
    } catch (error) {
      throw new StoreError(`cannot open the SQLite store at ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** The prepared statement for `sql`, prepared once per connection (every store call is a hot path). */
  prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in a write transaction (BEGIN IMMEDIATE: other processes wait on the busy timeout). */
  tx<T>(fn: () => T): T {
    return this.run(() => {
      // Prepared like every other statement: no SQL parsing per transaction.
      this.prepare("BEGIN IMMEDIATE").run();
      try {
        const result = fn();
        this.prepare("COMMIT").run();
        return result;
      } catch (error) {
        this.db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  /** Runs `fn`, turning SQLite failures into `StoreError`. */
  run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`SQLite store failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
