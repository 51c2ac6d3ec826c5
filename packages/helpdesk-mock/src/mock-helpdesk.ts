import type {
  AttachmentRules,
  CallOptions,
  CreateTicketInput,
  Helpdesk,
  Person,
  RequestWork,
  Ticket,
  UpdateTicketInput,
} from "@ispn/core";
import { DEFAULT_ATTACHMENT_RULES, HelpdeskError } from "@ispn/core";
import { createCatalog, type LookupRef, toMetadataItem } from "./catalog.ts";
import { createDesk, type Desk } from "./desk.ts";
import type { RecordPatch } from "./desk-patch.ts";
import { createFaultController, type FaultController, type FaultSettings } from "./fault-controller.ts";
import { faultError, passFaults, takeAmbiguousCreate } from "./fault-gate.ts";
import { createItsm, type Itsm } from "./itsm/itsm.ts";
import { createMockRequestWork } from "./mock-request-work.ts";
import { matchesQuery, pageOf } from "./query.ts";
import { type PersonRecord, type TicketRecord, toTicket, toTicketNote } from "./records.ts";
import { createMemoryItsmState, createSqliteItsmState } from "./state/itsm-state.ts";
import { createMemoryState } from "./state/memory-state.ts";
import { createSqliteState } from "./state/sqlite-state.ts";
import { createMemoryWorkState, createSqliteWorkState } from "./state/work-state.ts";
import { createWorkDesk, type WorkDesk } from "./work-desk.ts";

/** Options of {@link createMockHelpdesk}. */
export interface MockHelpdeskOptions {
  /** Clock for created/updated times, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Randomness for the error-rate fault, 0 ≤ x < 1. Default `Math.random`. */
  random?: () => number;
  /** Default true: technicians, groups, sites, templates, requesters, and categories = core DEFAULT_CATEGORIES. */
  seed?: boolean;
  /** Origin for `Ticket.url`. Default "http://localhost:8089". */
  baseUrl?: string;
  /** Portal name in `Ticket.url` and the HTTP paths. Default "itdesk". */
  portal?: string;
  /** SQLite file holding the state, shared live by every process that opens it. Default: memory. */
  persistPath?: string;
  /**
   * In memory only: the most tickets kept (default 5 000); past it the oldest ticket and its notes
   * are dropped, so memory stays bounded under load.
   */
  maxTickets?: number;
  /**
   * In memory only: the most notes kept per ticket (default 200); past it the ticket's oldest note
   * is dropped (no longer listed), so a ticket many callers join stays bounded too.
   */
  maxNotesPerTicket?: number;
  /** Close refuses a ticket without a resolution (SDP answers 3000 with a warning). Default false. */
  requireResolutionToClose?: boolean;
  /** The portal derives priority from a matrix: giving one is refused (SDP 4002, HTTP 403). Default false. */
  priorityFromMatrix?: boolean;
  /** SDP wire names of fields a create must carry (SDP 4012 lists the missing). Default ["subject"]. */
  mandatoryFields?: readonly string[];
  /** Faults to start with. */
  faults?: Partial<FaultSettings>;
  /** What an attachment upload must satisfy (size limit, content types). Default: core's `DEFAULT_ATTACHMENT_RULES`. */
  attachmentRules?: Partial<AttachmentRules>;
}

/** An in-process helpdesk that behaves like ServiceDesk Plus Cloud, with fault injection. */
export interface MockHelpdesk extends Helpdesk {
  readonly kind: "mock";
  readonly faults: FaultController;
  /**
   * Problems, changes, solutions, assets and projects: the same state the SDP-compatible server
   * serves, with the same rules, kept with the tickets (in `persistPath` when given, so processes
   * sharing the file share problems and their links). No faults apply here.
   */
  readonly itsm: Itsm;
  /** Tasks, worklogs, attachments, pick-up and assignment: the `RequestWork` port, same state and faults. */
  readonly work: RequestWork;
  /** Closes the SQLite handle, if any. */
  close(): Promise<void>;
}

/** What the HTTP fake shares with the in-process helpdesk; not public. */
export interface MockInternals {
  desk: Desk;
  work: WorkDesk;
  random: () => number;
  now: () => number;
  link: { baseUrl: string; portal: string };
}

const internals = new WeakMap<MockHelpdesk, MockInternals>();

/** The internals of a helpdesk made by {@link createMockHelpdesk}; throws for anything else. */
export function mockInternals(helpdesk: MockHelpdesk): MockInternals {
  const found = internals.get(helpdesk);
  if (!found) throw new TypeError("not a helpdesk made by createMockHelpdesk()");
  return found;
}

const named = (name: string | undefined): LookupRef | undefined =>
  name === undefined ? undefined : { name };

function personRef(p: Person): LookupRef {
  if (p.id !== undefined) return { id: p.id };
  if (p.email !== undefined) return { email: p.email };
  return { name: p.name ?? "" };
}

function personRecord(p: Person): PersonRecord {
  const out: PersonRecord = {};
  for (const key of ["id", "name", "email", "phone"] as const) if (p[key] !== undefined) out[key] = p[key];
  return out;
}

function toPatch(input: CreateTicketInput | UpdateTicketInput): RecordPatch {
  const patch: RecordPatch = {};
  if (input.subject !== undefined) patch.subject = input.subject;
  if (input.description !== undefined) patch.description = input.description;
  for (const key of ["status", "priority", "category", "subcategory", "group"] as const) {
    const ref = named(input[key]);
    if (ref) patch[key] = ref;
  }
  if ("mode" in input && input.mode !== undefined) patch.mode = { name: input.mode };
  if ("template" in input && input.template !== undefined) patch.template = { name: input.template };
  if ("resolution" in input && input.resolution !== undefined) patch.resolution = input.resolution;
  if (input.technician) patch.technician = personRef(input.technician);
  if (input.requester) patch.requester = personRecord(input.requester);
  if (input.fields) patch.fields = { ...input.fields };
  return patch;
}

/**
 * A create as a desk patch. A handoff create carries its category as a fact (`handoff.category`),
 * not as a helpdesk field: the mock files the ticket under it, as a one-to-one category map would.
 */
function createPatch(input: CreateTicketInput): RecordPatch {
  const patch = toPatch(input);
  if (patch.category === undefined && input.handoff) patch.category = { name: input.handoff.category };
  return patch;
}

/** Creates an in-process mock helpdesk (the `Helpdesk` port) with SDP-like rules and fault injection. */
export function createMockHelpdesk(options: MockHelpdeskOptions = {}): MockHelpdesk {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const link = { baseUrl: options.baseUrl ?? "http://localhost:8089", portal: options.portal ?? "itdesk" };
  // A ticket's tasks, worklogs and attachments go with it (purged, or dropped from a bounded mock).
  const workState = options.persistPath
    ? createSqliteWorkState(options.persistPath)
    : createMemoryWorkState();
  const onTicketGone = (id: string) => workState.dropTicket(id);
  const state = options.persistPath
    ? createSqliteState(options.persistPath, { onTicketGone })
    : createMemoryState({
        onTicketGone,
        ...(options.maxTickets === undefined ? {} : { maxTickets: options.maxTickets }),
        ...(options.maxNotesPerTicket === undefined ? {} : { maxNotesPerTicket: options.maxNotesPerTicket }),
      });
  const desk = createDesk({
    state,
    catalog: createCatalog(options.seed ?? true),
    now,
    requireResolutionToClose: options.requireResolutionToClose ?? false,
    priorityFromMatrix: options.priorityFromMatrix ?? false,
    mandatoryFields: options.mandatoryFields ?? ["subject"],
  });
  const faults = createFaultController(options.faults);
  const itsmState = options.persistPath
    ? createSqliteItsmState(options.persistPath)
    : createMemoryItsmState();
  const itsm = createItsm({
    catalog: desk.catalog,
    requests: desk,
    now,
    seed: options.seed ?? true,
    state: itsmState,
  });
  const work = createWorkDesk({
    desk,
    state: workState,
    now,
    attachmentRules: { ...DEFAULT_ATTACHMENT_RULES, ...options.attachmentRules },
  });
  const ticket = (r: TicketRecord): Ticket => toTicket(r, link);
  const gate = async (call?: CallOptions) => {
    const outcome = await passFaults(faults, random, call?.signal);
    if (outcome) throw faultError(outcome);
  };

  const helpdesk: MockHelpdesk = {
    kind: "mock",
    faults,
    itsm,
    work: createMockRequestWork({ desk, work, faults, random, link }),
    async createTicket(input, call) {
      await gate(call);
      const created = ticket(desk.create(createPatch(input), input.marker));
      if (takeAmbiguousCreate(faults)) {
        throw new HelpdeskError("ambiguous", "The create was sent but its answer was lost.");
      }
      return created;
    },
    async getTicket(id, call) {
      await gate(call);
      const r = desk.get(id);
      return r && ticket(r);
    },
    async updateTicket(id, patch, call) {
      await gate(call);
      return ticket(desk.update(id, toPatch(patch)));
    },
    async closeTicket(id, input, call) {
      await gate(call);
      if (input.resolution !== undefined) desk.update(id, { resolution: input.resolution });
      return ticket(
        desk.close(id, {
          ...(input.closureCode ? { code: { name: input.closureCode } } : {}),
          ...(input.comments === undefined ? {} : { comments: input.comments }),
        }),
      );
    },
    async addNote(ticketId, note, call) {
      await gate(call);
      return toTicketNote(desk.addNote(ticketId, { body: note.body, public: note.public ?? false }));
    },
    async listNotes(ticketId, page, call) {
      await gate(call);
      return pageOf(desk.notes(ticketId).map(toTicketNote), page);
    },
    async listTickets(query = {}, call) {
      await gate(call);
      return pageOf(
        desk
          .live()
          .filter((r) => matchesQuery(r, query))
          .map(ticket),
        query.page,
      );
    },
    async searchTickets(text, query = {}, call) {
      await gate(call);
      return pageOf(
        desk
          .live()
          .filter((r) => matchesQuery(r, query, text))
          .map(ticket),
        query.page,
      );
    },
    async findTicketByMarker(marker, call) {
      await gate(call);
      const r = desk.findByMarker(marker);
      return r && ticket(r);
    },
    async findTicketByNumber(number, call) {
      await gate(call);
      const wanted = number.trim().replace(/^#\s*/, "");
      const r = desk.live().find((record) => record.displayId === wanted);
      return r && ticket(r);
    },
    async listMetadata(kind, call) {
      await gate(call);
      return desk.catalog.list(kind).map(toMetadataItem);
    },
    async health() {
      const settings = faults.get();
      return settings.outage
        ? { ok: false, kind: "mock", latencyMs: settings.latencyMs, detail: "outage" }
        : { ok: true, kind: "mock", latencyMs: settings.latencyMs };
    },
    async close() {
      itsmState.close();
      workState.close();
      state.close();
    },
  };
  internals.set(helpdesk, { desk, work, random, now, link });
  return helpdesk;
}
