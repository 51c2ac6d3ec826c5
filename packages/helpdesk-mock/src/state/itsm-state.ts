import { openSharedSqlite, parseData, transaction } from "./sqlite-file.ts";

/**
 * The kinds of records the modules beside requests keep: problems, changes, solutions, assets,
 * projects, the notes of problems and changes (owned by their record), and `meta` (the seed mark).
 */
export type ItsmKind =
  | "problem"
  | "change"
  | "solution"
  | "asset"
  | "project"
  | "problem_note"
  | "change_note"
  | "meta";

/**
 * Where a mock keeps problems, changes, solutions, assets and projects: in memory, or in the same
 * SQLite file as its tickets (own table), read and written per operation, so processes sharing the
 * file (the webhook server and the MCP server) see each other's problems and links at once.
 */
export interface ItsmState {
  /** Allocates the kind's next sequence number (1, 2, …); ids and display ids come from it. */
  nextSeq(kind: ItsmKind): number;
  /** Stores a record (insert or replace). `seq` orders lists; `owner` groups notes by record. */
  put(kind: ItsmKind, id: string, seq: number, record: unknown, owner?: string): void;
  get<T>(kind: ItsmKind, id: string): T | undefined;
  /** The kind's records (of one owner when given), in `seq` order. */
  list<T>(kind: ItsmKind, owner?: string): T[];
  /**
   * Runs `work` as one atomic step: over SQLite in one write transaction (rolled back if it
   * throws), so a read-modify-write of several records never interleaves with another process.
   */
  atomically<T>(work: () => T): T;
  close(): void;
}

interface Row {
  seq: number;
  owner: string | undefined;
  data: unknown;
}

/** Module records kept in this process only. */
export function createMemoryItsmState(): ItsmState {
  const kinds = new Map<ItsmKind, Map<string, Row>>();
  const seqs = new Map<ItsmKind, number>();
  const of = (kind: ItsmKind) => {
    const rows = kinds.get(kind) ?? new Map<string, Row>();
    kinds.set(kind, rows);
    return rows;
  };
  return {
    nextSeq(kind) {
      const seq = (seqs.get(kind) ?? 0) + 1;
      seqs.set(kind, seq);
      return seq;
    },
    put(kind, id, seq, record, owner) {
      of(kind).set(id, { seq, owner, data: structuredClone(record) });
    },
    get(kind, id) {
      const row = of(kind).get(id);
      return row && structuredClone(row.data as never);
    },
    list(kind, owner) {
      return [...of(kind).values()]
        .filter((row) => owner === undefined || row.owner === owner)
        .sort((a, b) => a.seq - b.seq)
        .map((row) => structuredClone(row.data as never));
    },
    atomically: (work) => work(),
    close() {},
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mock_itsm_counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mock_itsm (
  kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, owner TEXT, data TEXT NOT NULL,
  PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS mock_itsm_by_owner ON mock_itsm (kind, owner, seq);
`;

/** Module records in a SQLite file (their own tables beside the tickets'), read and written per operation. */
export function createSqliteItsmState(path: string, options: { busyTimeoutMs?: number } = {}): ItsmState {
  const db = openSharedSqlite(path, options);
  let depth = 0;
  const atomically = <T>(work: () => T): T => {
    if (depth > 0) return work();
    depth += 1;
    try {
      return transaction(db, work);
    } finally {
      depth -= 1;
    }
  };
  atomically(() => db.exec(SCHEMA));
  const bump = db.prepare(
    `INSERT INTO mock_itsm_counters (kind, value) VALUES (?, 1)
     ON CONFLICT (kind) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const upsert = db.prepare(
    `INSERT INTO mock_itsm (kind, id, seq, owner, data) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, owner = excluded.owner, data = excluded.data`,
  );
  const select = db.prepare("SELECT data FROM mock_itsm WHERE kind = ? AND id = ?");
  const all = db.prepare("SELECT data FROM mock_itsm WHERE kind = ? ORDER BY seq ASC");
  const owned = db.prepare("SELECT data FROM mock_itsm WHERE kind = ? AND owner = ? ORDER BY seq ASC");
  return {
    nextSeq: (kind) => atomically(() => Number((bump.get(kind) as { value: number | bigint }).value)),
    put(kind, id, seq, record, owner) {
      upsert.run(kind, id, seq, owner ?? null, JSON.stringify(record));
    },
    get(kind, id) {
      const row = select.get(kind, id);
      return row === undefined ? undefined : parseData(row);
    },
    list: (kind, owner) =>
      (owner === undefined ? all.all(kind) : owned.all(kind, owner)).map((row) => parseData(row)),
    atomically,
    close() {
      if (db.isOpen) db.close();
    },
  };
}
