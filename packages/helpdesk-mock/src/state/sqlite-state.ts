import type { NoteRecord, TicketRecord } from "../records.ts";
import { openSharedSqlite, parseData, transaction } from "./sqlite-file.ts";
import type { MockState } from "./state.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mock_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mock_tickets (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mock_notes (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, ticket_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mock_notes_by_ticket ON mock_notes (ticket_id, seq);
`;

/**
 * State in a SQLite file, read and written per operation (no snapshot), so several processes
 * over the same file (the webhook server and the MCP server) see each other's tickets at once.
 * WAL mode plus a busy timeout let them write concurrently. `onTicketGone` hears of every purged
 * ticket (after its transaction: it may write through another connection to the same file).
 */
export function createSqliteState(
  path: string,
  options: { busyTimeoutMs?: number; onTicketGone?: (id: string) => void } = {},
): MockState {
  const db = openSharedSqlite(path, options);
  db.exec("PRAGMA synchronous = NORMAL");
  transaction(db, () => db.exec(SCHEMA));

  const selectTicket = db.prepare("SELECT data FROM mock_tickets WHERE id = ?");
  const insertTicket = db.prepare("INSERT INTO mock_tickets (id, seq, data) VALUES (?, ?, ?)");
  const updateTicket = db.prepare("UPDATE mock_tickets SET data = ? WHERE id = ?");
  const deleteTicket = db.prepare("DELETE FROM mock_tickets WHERE id = ?");
  const deleteNotes = db.prepare("DELETE FROM mock_notes WHERE ticket_id = ?");
  const allTickets = db.prepare("SELECT data FROM mock_tickets ORDER BY seq DESC");
  const insertNote = db.prepare("INSERT INTO mock_notes (id, seq, ticket_id, data) VALUES (?, ?, ?, ?)");
  const notesOf = db.prepare("SELECT data FROM mock_notes WHERE ticket_id = ? ORDER BY seq ASC");
  const bump = db.prepare(
    `INSERT INTO mock_counters (name, value) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );

  const nextSeq = (name: string) => Number((bump.get(name) as { value: number | bigint }).value);

  return {
    insertTicket: (build) =>
      transaction(db, () => {
        const record = build(nextSeq("ticket"));
        insertTicket.run(record.id, record.seq, JSON.stringify(record));
        return record;
      }),
    getTicket(id) {
      const row = selectTicket.get(id);
      return row === undefined ? undefined : parseData<TicketRecord>(row);
    },
    updateTicket: (id, change) =>
      transaction(db, () => {
        const row = selectTicket.get(id);
        if (row === undefined) return undefined;
        const next = change(parseData<TicketRecord>(row));
        updateTicket.run(JSON.stringify(next), id);
        return next;
      }),
    purgeTicket(id) {
      const purged = transaction(db, () => {
        deleteNotes.run(id);
        return Number(deleteTicket.run(id).changes) > 0;
      });
      if (purged) options.onTicketGone?.(id);
      return purged;
    },
    listTickets: () => allTickets.all().map((row) => parseData<TicketRecord>(row)),
    insertNote: (build) =>
      transaction(db, () => {
        const note = build(nextSeq("note"));
        insertNote.run(note.id, note.seq, note.ticketId, JSON.stringify(note));
        return note;
      }),
    listNotes: (ticketId) => notesOf.all(ticketId).map((row) => parseData<NoteRecord>(row)),
    close() {
      if (db.isOpen) db.close();
    },
  };
}
