import type { NoteRecord, TicketRecord } from "../records.ts";
import type { MockState } from "./state.ts";

/** The most tickets an in-memory mock keeps by default; the oldest (with its notes) goes first. */
export const DEFAULT_MAX_TICKETS = 5_000;

/**
 * The most notes an in-memory mock keeps per ticket by default; past it the ticket's oldest note goes.
 * An outage ticket that callers keep joining gets a digest note (up to 100 callers, ≈ 25 KB) every
 * few seconds; without a bound one such ticket grew by ≈ 7 MB a minute at 500 callers a second.
 */
export const DEFAULT_MAX_NOTES_PER_TICKET = 200;

/**
 * Records are frozen when written and handed out as they are: nobody can change a stored record
 * except through `updateTicket`, and reads copy nothing.
 */
function frozen<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * State kept in this process only; gone when the process ends. Bounded: past `maxTickets` the
 * oldest ticket and its notes are dropped, and past `maxNotesPerTicket` a ticket's oldest note, so a
 * long-running demo or a load test holds a fixed amount of memory (ids keep counting up; a dropped
 * ticket is "not found", a dropped note is no longer listed). `onTicketGone` hears of
 * every ticket dropped or purged, so what hangs off it elsewhere (tasks, attachments) goes too.
 */
export function createMemoryState(
  options: { maxTickets?: number; maxNotesPerTicket?: number; onTicketGone?: (id: string) => void } = {},
): MockState {
  const maxTickets = Math.max(1, options.maxTickets ?? DEFAULT_MAX_TICKETS);
  const maxNotes = Math.max(1, options.maxNotesPerTicket ?? DEFAULT_MAX_NOTES_PER_TICKET);
  const tickets = new Map<string, TicketRecord>();
  // Ticket ids in creation order from `head` on (purged ones are skipped when reached). Not the
  // Map's first key: reaching it steps over every key deleted before it, a few µs a ticket at the cap.
  let created: string[] = [];
  let head = 0;
  const notes = new Map<string, NoteRecord[]>();
  let ticketSeq = 0;
  let noteSeq = 0;
  return {
    insertTicket(build) {
      const record = frozen(build(ticketSeq + 1));
      ticketSeq += 1;
      tickets.set(record.id, record);
      created.push(record.id);
      while (tickets.size > maxTickets && head < created.length) {
        const oldest = created[head++] as string;
        if (!tickets.delete(oldest)) continue;
        notes.delete(oldest);
        options.onTicketGone?.(oldest);
      }
      if (head > 1024 && head * 2 > created.length) {
        created = created.slice(head);
        head = 0;
      }
      return record;
    },
    getTicket: (id) => tickets.get(id),
    updateTicket(id, change) {
      const current = tickets.get(id);
      if (!current) return undefined;
      const next = frozen(change(current));
      tickets.set(id, next);
      return next;
    },
    purgeTicket(id) {
      notes.delete(id);
      const purged = tickets.delete(id);
      if (purged) options.onTicketGone?.(id);
      return purged;
    },
    listTickets: () => [...tickets.values()].sort((a, b) => b.seq - a.seq),
    insertNote(build) {
      const note = frozen(build(noteSeq + 1));
      noteSeq += 1;
      const list = notes.get(note.ticketId);
      if (list) {
        list.push(note);
        if (list.length > maxNotes) list.shift();
      } else if (tickets.has(note.ticketId)) notes.set(note.ticketId, [note]);
      return note;
    },
    listNotes: (ticketId) => [...(notes.get(ticketId) ?? [])],
    close() {},
  };
}
