import type { WorkKind, WorkRecords } from "../work-records.ts";
import { openSharedSqlite, parseData, transaction } from "./sqlite-file.ts";

/**
 * Where a mock keeps request tasks, worklogs and attachments: in memory, or in the same SQLite file
 * as its tickets (own table), so processes sharing the file see each other's records. Each method
 * is one atomic operation.
 */
export interface WorkState {
  /** Allocates the kind's next sequence number and stores the record built from it. */
  insert<K extends WorkKind>(kind: K, build: (seq: number) => WorkRecords[K]): WorkRecords[K];
  /** The ticket's records of a kind, oldest first. */
  list<K extends WorkKind>(kind: K, ticketId: string): WorkRecords[K][];
  get<K extends WorkKind>(kind: K, id: string): WorkRecords[K] | undefined;
  /** Read-modify-write; `undefined` when unknown. `change` may throw to abort. */
  update<K extends WorkKind>(
    kind: K,
    id: string,
    change: (current: WorkRecords[K]) => WorkRecords[K],
  ): WorkRecords[K] | undefined;
  /** Removes every record of the ticket (it was deleted for good, or dropped from a bounded mock). */
  dropTicket(ticketId: string): void;
  close(): void;
}

type AnyRecord = WorkRecords[WorkKind];

/** Work records kept in this process only. */
export function createMemoryWorkState(): WorkState {
  const records = new Map<string, { kind: WorkKind; record: AnyRecord }>();
  const seqs = new Map<WorkKind, number>();
  const copy = <T>(value: T): T => structuredClone(value);
  const key = (kind: WorkKind, id: string) => `${kind}:${id}`;
  return {
    insert(kind, build) {
      const seq = (seqs.get(kind) ?? 0) + 1;
      const record = build(seq);
      seqs.set(kind, seq);
      records.set(key(kind, record.id), { kind, record: copy(record) });
      return copy(record);
    },
    list(kind, ticketId) {
      return [...records.values()]
        .filter((r) => r.kind === kind && r.record.ticketId === ticketId)
        .map((r) => copy(r.record) as WorkRecords[typeof kind])
        .sort((a, b) => a.seq - b.seq);
    },
    get(kind, id) {
      const found = records.get(key(kind, id));
      return found && (copy(found.record) as WorkRecords[typeof kind]);
    },
    update(kind, id, change) {
      const found = records.get(key(kind, id));
      if (!found) return undefined;
      const next = change(copy(found.record) as WorkRecords[typeof kind]);
      records.set(key(kind, id), { kind, record: copy(next) });
      return copy(next);
    },
    dropTicket(ticketId) {
      for (const [k, r] of records) if (r.record.ticketId === ticketId) records.delete(k);
    },
    close() {},
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mock_work_counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mock_work (
  kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, ticket_id TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS mock_work_by_ticket ON mock_work (kind, ticket_id, seq);
`;

/** Work records in a SQLite file (its own tables beside the tickets'), read and written per operation. */
export function createSqliteWorkState(path: string, options: { busyTimeoutMs?: number } = {}): WorkState {
  const db = openSharedSqlite(path, options);
  transaction(db, () => db.exec(SCHEMA));
  const bump = db.prepare(
    `INSERT INTO mock_work_counters (kind, value) VALUES (?, 1)
     ON CONFLICT (kind) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insert = db.prepare("INSERT INTO mock_work (kind, id, seq, ticket_id, data) VALUES (?, ?, ?, ?, ?)");
  const select = db.prepare("SELECT data FROM mock_work WHERE kind = ? AND id = ?");
  const ofTicket = db.prepare("SELECT data FROM mock_work WHERE kind = ? AND ticket_id = ? ORDER BY seq ASC");
  const write = db.prepare("UPDATE mock_work SET data = ? WHERE kind = ? AND id = ?");
  const dropOfTicket = db.prepare("DELETE FROM mock_work WHERE ticket_id = ?");
  return {
    insert: (kind, build) =>
      transaction(db, () => {
        const record = build(Number((bump.get(kind) as { value: number | bigint }).value));
        insert.run(kind, record.id, record.seq, record.ticketId, JSON.stringify(record));
        return record;
      }),
    list: (kind, ticketId) => ofTicket.all(kind, ticketId).map((row) => parseData(row)),
    get(kind, id) {
      const row = select.get(kind, id);
      return row === undefined ? undefined : parseData(row);
    },
    update: (kind, id, change) =>
      transaction(db, () => {
        const row = select.get(kind, id);
        if (row === undefined) return undefined;
        const next = change(parseData(row));
        write.run(JSON.stringify(next), kind, id);
        return next;
      }),
    dropTicket(ticketId) {
      dropOfTicket.run(ticketId);
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
