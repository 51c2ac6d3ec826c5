/**
 * The helpdesk-neutral ticket model that every `Helpdesk` implementation returns.
 * Field names are ours, not SDP's: adapters map their wire shapes onto these.
 */

/** Statuses every helpdesk in this project knows; a helpdesk may report others. */
export const KNOWN_STATUSES = ["Open", "In Progress", "On Hold", "Resolved", "Closed"] as const;

/** A person attached to a ticket (requester, technician). Every field is optional: helpdesks differ. */
export interface Person {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
}

export interface Ticket {
  /** The helpdesk's own id (SDP: a long numeric string such as "123640000000240013"). */
  id: string;
  /** The short number people read aloud (SDP `display_id`, e.g. "102"). */
  displayId: string;
  subject: string;
  /** HTML or plain text, as the helpdesk stores it. */
  description: string;
  /** Status name, e.g. "Open". See {@link isTicketOpen}. */
  status: string;
  priority?: string;
  category?: string;
  subcategory?: string;
  mode?: string;
  template?: string;
  group?: string;
  technician?: Person;
  requester?: Person;
  /** Resolution text, when the helpdesk has one. */
  resolution?: string;
  closure?: { code?: string; comments?: string };
  /** Helpdesk-specific extra fields (SDP `udf_fields`), flattened to strings. */
  fields?: Record<string, string>;
  /** A link a person can open to see the ticket. */
  url: string;
  /** ISO-8601 times. */
  createdAt: string;
  updatedAt: string;
}

/** A note (private or public comment) on a ticket. */
export interface TicketNote {
  id: string;
  ticketId: string;
  /** HTML or plain text. */
  body: string;
  /** True when the requester can see it. */
  public: boolean;
  author?: string;
  createdAt: string;
}

/** A short reference to a ticket, as the dedup store keeps it. */
export interface TicketRef {
  id: string;
  displayId: string;
  url: string;
}

/** Statuses that end a ticket's dedup window. */
const ENDED_STATUSES = new Set(["closed", "resolved", "cancelled", "canceled", "rejected"]);

/** True when the ticket is still being worked: not closed, resolved or cancelled (case-insensitive). */
export function isTicketOpen(ticket: Pick<Ticket, "status">): boolean {
  return !ENDED_STATUSES.has(ticket.status.trim().toLowerCase());
}

/** The short reference of a ticket. */
export function toTicketRef(ticket: Pick<Ticket, "id" | "displayId" | "url">): TicketRef {
  return { id: ticket.id, displayId: ticket.displayId, url: ticket.url };
}
