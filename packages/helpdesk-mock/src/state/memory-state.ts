import type { NoteRecord, TicketRecord } from "../records.ts";
import type { MockState } from "./state.ts";

const copy = <T>(value: T): T => structuredClone(value);

/** State kept in this process only; gone when the process ends. */
export function createMemoryState(): MockState {
  const tickets = new Map<string, TicketRecord>();
  const notes: NoteRecord[] = [];
  let ticketSeq = 0;
  let noteSeq = 0;
  return {
    insertTicket(build) {
      const record = build(ticketSeq + 1);
      ticketSeq += 1;
      tickets.set(record.id, copy(record));
      return copy(record);
    },
    getTicket: (id) => {
      const record = tickets.get(id);
      return record && copy(record);
    },
    updateTicket(id, change) {
      const current = tickets.get(id);
      if (!current) return undefined;
      const next = change(copy(current));
      tickets.set(id, copy(next));
      return copy(next);
    },
    purgeTicket(id) {
      for (let i = notes.length - 1; i >= 0; i--) if (notes[i]?.ticketId === id) notes.splice(i, 1);
      return tickets.delete(id);
    },
    listTickets: () => [...tickets.values()].sort((a, b) => b.seq - a.seq).map(copy),
    insertNote(build) {
      const note = build(noteSeq + 1);
      noteSeq += 1;
      notes.push(copy(note));
      return copy(note);
    },
    listNotes: (ticketId) => notes.filter((n) => n.ticketId === ticketId).map(copy),
    close() {},
  };
}
