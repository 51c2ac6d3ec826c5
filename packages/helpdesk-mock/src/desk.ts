import type { Catalog, LookupRef } from "./catalog.ts";
import { invalidValue, missingFields, notFound, resolutionRequired } from "./desk-errors.ts";
import {
  applyPatch,
  LOOKUPS,
  type LookupKey,
  type PatchContext,
  type RecordPatch,
  resolveTechnician,
} from "./desk-patch.ts";
import { displayIdOf, type NoteRecord, noteIdOf, type TicketRecord, ticketIdOf } from "./records.ts";
import type { MockState } from "./state/state.ts";

/** How a request is closed (SDP `closure_info`). */
export interface CloseInput {
  code?: LookupRef;
  comments?: string;
  requesterAck?: boolean;
  requesterAckComments?: string;
}

/** What the desk needs. */
export interface DeskOptions {
  state: MockState;
  catalog: Catalog;
  now: () => number;
  requireResolutionToClose: boolean;
  priorityFromMatrix: boolean;
  /** SDP wire names of the fields a create must carry ("subject" always). */
  mandatoryFields: readonly string[];
}

/**
 * The mock portal's rules over its state: validation against the catalogue, ids, times, close,
 * trash, notes. Shared by the in-process port and the HTTP fake; applies no faults. Refusals throw
 * HelpdeskError whose `cause` carries the SDP status code (see desk-errors.ts).
 */
export interface Desk {
  readonly catalog: Catalog;
  create(patch: RecordPatch, marker?: string): TicketRecord;
  /** A ticket not in the trash. */
  get(id: string): TicketRecord | undefined;
  update(id: string, patch: RecordPatch, closure?: CloseInput): TicketRecord;
  close(id: string, input: CloseInput): TicketRecord;
  assign(id: string, to: { technician?: LookupRef; group?: LookupRef }): TicketRecord;
  /** Assigns the request to the current user (the token's technician). */
  pickup(id: string): TicketRecord;
  trash(id: string): void;
  restore(id: string): TicketRecord;
  purge(id: string): void;
  addNote(ticketId: string, note: { body: string; public: boolean; author?: string }): NoteRecord;
  notes(ticketId: string): NoteRecord[];
  /** Tickets not in the trash, newest first. */
  live(): TicketRecord[];
  findByMarker(marker: string): TicketRecord | undefined;
}

const ENDED = new Set(["Closed", "Resolved"]);

/** Creates the desk over a state. */
export function createDesk(options: DeskOptions): Desk {
  const { state, catalog, now } = options;
  const ctx: PatchContext = { catalog, now, priorityFromMatrix: options.priorityFromMatrix };

  const change = (id: string, fn: (r: TicketRecord) => TicketRecord, allowTrashed = false) => {
    const updated = state.updateTicket(id, (current) => {
      if (current.trashed && !allowTrashed) throw notFound(id);
      return { ...fn(current), updatedAt: now() };
    });
    if (!updated) throw notFound(id);
    return updated;
  };

  const closeRecord = (r: TicketRecord, input: CloseInput, status: string): TicketRecord => {
    if (options.requireResolutionToClose && !r.resolution?.trim()) throw resolutionRequired();
    const next: TicketRecord = { ...r, status, completedAt: now() };
    if (status !== "Closed") return next;
    const code = input.code && catalog.find("closure_codes", input.code);
    if (input.code && !code) throw invalidValue("closure_code");
    next.closure = {};
    if (code) next.closure.code = code.name;
    if (input.comments !== undefined) next.closure.comments = input.comments;
    if (input.requesterAck !== undefined) next.closure.requesterAck = input.requesterAck;
    if (input.requesterAckComments !== undefined)
      next.closure.requesterAckComments = input.requesterAckComments;
    return next;
  };

  const desk: Desk = {
    catalog,
    create(patch, marker) {
      const missing = options.mandatoryFields.filter((field) => !hasValue(patch, field));
      if (!patch.subject?.trim() && !missing.includes("subject")) missing.unshift("subject");
      if (missing.length > 0) throw missingFields(missing);
      return state.insertTicket((seq) => {
        const time = now();
        const base: TicketRecord = {
          seq,
          id: ticketIdOf(seq),
          displayId: displayIdOf(seq),
          subject: "",
          description: "",
          status: "Open",
          template: "Default Request",
          fields: {},
          createdAt: time,
          updatedAt: time,
          trashed: false,
        };
        const record = applyPatch(base, patch, ctx);
        if (marker !== undefined) record.marker = marker;
        return ENDED.has(record.status) ? closeRecord(record, {}, record.status) : record;
      });
    },
    get(id) {
      const record = state.getTicket(id);
      return record && !record.trashed ? record : undefined;
    },
    update: (id, patch, closure) =>
      change(id, (current) => {
        const next = applyPatch(current, patch, ctx);
        if (ENDED.has(next.status) && (next.status !== current.status || closure)) {
          return closeRecord(next, closure ?? {}, next.status);
        }
        if (ENDED.has(current.status) && !ENDED.has(next.status)) delete next.completedAt;
        return next;
      }),
    close: (id, input) => change(id, (current) => closeRecord(current, input, "Closed")),
    assign: (id, to) =>
      change(id, (current) => {
        const patch: RecordPatch = {};
        if (to.technician) patch.technician = to.technician;
        if (to.group) patch.group = to.group;
        return applyPatch(current, patch, ctx);
      }),
    pickup: (id) =>
      change(id, (current) => ({
        ...current,
        technician: resolveTechnician(catalog, { id: catalog.currentUser().id }),
        assignedAt: now(),
      })),
    trash(id) {
      change(id, (current) => ({ ...current, trashed: true, deletedAt: now() }));
    },
    restore: (id) =>
      change(
        id,
        (current) => {
          if (!current.trashed) throw notFound(id);
          const { deletedAt: _gone, ...rest } = current;
          return { ...rest, trashed: false };
        },
        true,
      ),
    purge(id) {
      if (!state.purgeTicket(id)) throw notFound(id);
    },
    addNote(ticketId, note) {
      change(ticketId, (current) => current);
      return state.insertNote((seq) => ({
        seq,
        id: noteIdOf(seq),
        ticketId,
        body: note.body,
        public: note.public,
        author: note.author ?? catalog.currentUser().name,
        createdAt: now(),
      }));
    },
    notes(ticketId) {
      if (!desk.get(ticketId)) throw notFound(ticketId);
      return state.listNotes(ticketId);
    },
    live: () => state.listTickets().filter((r) => !r.trashed),
    findByMarker: (marker) =>
      desk
        .live()
        .find(
          (r) =>
            r.marker === marker ||
            r.description.includes(marker) ||
            Object.values(r.fields).some((value) => value.includes(marker)),
        ),
  };
  return desk;
}

function hasValue(patch: RecordPatch, wireField: string): boolean {
  if (wireField === "subject" || wireField === "description") return Boolean(patch[wireField]?.trim());
  if (wireField === "technician" || wireField === "requester") return Boolean(patch[wireField]);
  const key = (Object.keys(LOOKUPS) as LookupKey[]).find((k) => LOOKUPS[k].wire === wireField);
  return key === undefined ? true : Boolean(patch[key]);
}
