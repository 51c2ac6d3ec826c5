import type { NoteRecord, TicketRecord } from "../records.ts";

/**
 * Where a mock keeps its tickets and notes: in memory, or in a SQLite file shared by several
 * processes. Every method is one atomic operation; nothing is cached between calls, so two
 * processes over one file see each other's writes at once.
 */
export interface MockState {
  /** Allocates the next ticket sequence number and stores the record built from it, atomically. */
  insertTicket(build: (seq: number) => TicketRecord): TicketRecord;
  /** The ticket, trashed or not; `undefined` when unknown. */
  getTicket(id: string): TicketRecord | undefined;
  /**
   * Read-modify-write under one lock. `change` may throw to abort without writing. `undefined`
   * when the ticket is unknown.
   */
  updateTicket(id: string, change: (current: TicketRecord) => TicketRecord): TicketRecord | undefined;
  /** Removes the ticket and its notes for good (and tells the state's `onTicketGone`); false when unknown. */
  purgeTicket(id: string): boolean;
  /** Every ticket (trashed ones too), newest first. */
  listTickets(): TicketRecord[];
  /** Allocates the next note sequence number and stores the note built from it, atomically. */
  insertNote(build: (seq: number) => NoteRecord): NoteRecord;
  /** The ticket's notes, oldest first. */
  listNotes(ticketId: string): NoteRecord[];
  close(): void;
}
