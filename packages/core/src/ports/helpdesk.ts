import type { Person, Ticket, TicketNote } from "../ticket.ts";

/**
 * The helpdesk port. Implemented by `@ispn/helpdesk-mock` (in memory) and `@ispn/sdp-client`
 * (ServiceDesk Plus Cloud). Every implementation passes `runHelpdeskContract` from
 * `@ispn/core/testing`.
 *
 * Expected outcomes are values: a missing ticket is `undefined` from `getTicket`. I/O failures and
 * refusals throw {@link HelpdeskError} (from `../errors.ts`) with a machine `code`.
 */
export interface Helpdesk {
  /** "mock", "sdp", … — for logs, metrics and readiness output. */
  readonly kind: string;

  createTicket(input: CreateTicketInput, options?: CallOptions): Promise<Ticket>;
  /** `undefined` when no such ticket exists (or it was deleted / moved to trash). */
  getTicket(id: string, options?: CallOptions): Promise<Ticket | undefined>;
  /** Throws `HelpdeskError` with code `not_found` when the ticket does not exist. */
  updateTicket(id: string, patch: UpdateTicketInput, options?: CallOptions): Promise<Ticket>;
  /** Closes the ticket. Throws `not_found`, or `invalid` naming what the helpdesk still needs. */
  closeTicket(id: string, input: CloseTicketInput, options?: CallOptions): Promise<Ticket>;
  /** Throws `not_found` when the ticket does not exist. */
  addNote(ticketId: string, note: AddNoteInput, options?: CallOptions): Promise<TicketNote>;
  /** Notes oldest first. */
  listNotes(ticketId: string, page?: PageRequest, options?: CallOptions): Promise<Page<TicketNote>>;
  /** Tickets newest first, filtered. */
  listTickets(query?: TicketQuery, options?: CallOptions): Promise<Page<Ticket>>;
  /** Free-text search over subject and description (plus the same filters as list), newest first. */
  searchTickets(text: string, query?: TicketQuery, options?: CallOptions): Promise<Page<Ticket>>;
  /**
   * Finds the ticket created with `CreateTicketInput.marker`, or `undefined`. Used after an
   * ambiguous create failure (timeout after sending) before creating again.
   */
  findTicketByMarker(marker: string, options?: CallOptions): Promise<Ticket | undefined>;
  /**
   * Finds the ticket by the short number people are told (`Ticket.displayId`; SDP `display_id`,
   * e.g. "1001"). A leading "#" and surrounding spaces are ignored. `undefined` when no ticket has
   * that number (or it was deleted / moved to trash).
   */
  findTicketByNumber(number: string, options?: CallOptions): Promise<Ticket | undefined>;
  /** Valid values for a lookup field (statuses, priorities, categories, …). */
  listMetadata(kind: MetadataKind, options?: CallOptions): Promise<MetadataItem[]>;
  /** Reachability check for readiness probes; never throws. */
  health(options?: CallOptions): Promise<HealthReport>;
}

/** Per-call options. `signal` aborts the call (the caller's budget). */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Context of a voice-agent handoff, carried on create so adapters can map it (subject, UDFs, …). */
export interface HandoffContext {
  /** The rendered 4-line note (or the free text the agent sent). */
  note: string;
  summary: string;
  category: string;
  escalationReason: string;
  confidence: number;
  source: string;
  /** E.164, when known. */
  callerNumber?: string;
  oaKey?: string;
  conversationId?: string;
}

export interface CreateTicketInput {
  /** ≤ 250 characters. */
  subject: string;
  /** Plain text or HTML. */
  description: string;
  category?: string;
  subcategory?: string;
  priority?: string;
  status?: string;
  mode?: string;
  template?: string;
  group?: string;
  technician?: Person;
  requester?: Person;
  fields?: Record<string, string>;
  /**
   * Present when the ticket comes from a handoff (core's `handoffTicketInput`): the facts an
   * adapter maps to its helpdesk's fields (category, priority, requester, custom fields). Subject,
   * description and marker are already decided by core; a mapping the operator configured wins
   * over any helpdesk field given here.
   */
  handoff?: HandoffContext;
  /**
   * A unique string the implementation stores on the ticket so `findTicketByMarker` can find it
   * (SDP: in the description and, when configured, a UDF).
   */
  marker?: string;
}

export interface UpdateTicketInput {
  subject?: string;
  description?: string;
  status?: string;
  priority?: string;
  category?: string;
  subcategory?: string;
  group?: string;
  technician?: Person;
  requester?: Person;
  resolution?: string;
  fields?: Record<string, string>;
}

export interface CloseTicketInput {
  /** Closure code name, e.g. "Success". */
  closureCode?: string;
  comments?: string;
  /** Resolution text, added first when the helpdesk requires one to close. */
  resolution?: string;
}

export interface AddNoteInput {
  /** Plain text or HTML. */
  body: string;
  /** Visible to the requester (default false: a private technician note). */
  public?: boolean;
}

export interface TicketQuery {
  status?: string | string[];
  category?: string;
  priority?: string;
  technician?: string;
  requesterEmail?: string;
  /** ISO-8601 lower bound on creation time. */
  createdAfter?: string;
  page?: PageRequest;
}

/** 1-based pages, as SDP counts them. */
export interface PageRequest {
  /** 1-based index of the first row. Default 1. */
  startIndex?: number;
  /** Rows per page, 1..100. Default 25. */
  rowCount?: number;
}

export interface Page<T> {
  items: T[];
  startIndex: number;
  hasMore: boolean;
  /** Present when the helpdesk reports it. */
  total?: number;
}

export const METADATA_KINDS = [
  "statuses",
  "priorities",
  "categories",
  "subcategories",
  "templates",
  "technicians",
  "groups",
  "sites",
  "urgencies",
  "impacts",
  "modes",
  "request_types",
  "closure_codes",
] as const;
export type MetadataKind = (typeof METADATA_KINDS)[number];

export interface MetadataItem {
  id: string;
  name: string;
  /** e.g. a technician's email, a subcategory's parent category. */
  detail?: string;
}

export interface HealthReport {
  ok: boolean;
  kind: string;
  latencyMs: number;
  detail?: string;
}
