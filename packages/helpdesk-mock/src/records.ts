import type { Person, Ticket, TicketNote } from "@ispn/core";

/** A person on a ticket as the mock stores it (SDP keeps phone and mobile apart). */
export interface PersonRecord {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
  mobile?: string;
}

/**
 * A ticket as the mock stores it: richer than the port's `Ticket` (urgency, impact, trash, marker…)
 * so the HTTP fake can answer with SDP's full request object. Lookup values are canonical names.
 */
export interface TicketRecord {
  seq: number;
  id: string;
  displayId: string;
  subject: string;
  description: string;
  status: string;
  priority?: string;
  category?: string;
  subcategory?: string;
  mode?: string;
  template?: string;
  group?: string;
  site?: string;
  urgency?: string;
  impact?: string;
  requestType?: string;
  level?: string;
  technician?: PersonRecord;
  requester?: PersonRecord;
  resolution?: string;
  resolutionAt?: number;
  closure?: { code?: string; comments?: string; requesterAck?: boolean; requesterAckComments?: string };
  /** SDP `udf_fields`, flattened to strings. */
  fields: Record<string, string>;
  /** `CreateTicketInput.marker`, for `findTicketByMarker`. */
  marker?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  assignedAt?: number;
  completedAt?: number;
  trashed: boolean;
  deletedAt?: number;
}

/** A note as the mock stores it. */
export interface NoteRecord {
  seq: number;
  id: string;
  ticketId: string;
  body: string;
  public: boolean;
  author: string;
  createdAt: number;
}

/** SDP-style long numeric id of the `seq`-th ticket: increasing, e.g. "123640000001001013". */
export function ticketIdOf(seq: number): string {
  return String(123640000001000013n + BigInt(seq) * 1000n);
}

/** SDP-style short display id of the `seq`-th ticket: "1001", "1002", … */
export function displayIdOf(seq: number): string {
  return String(1000 + seq);
}

/** SDP-style long numeric id of the `seq`-th note. */
export function noteIdOf(seq: number): string {
  return String(123640000005000007n + BigInt(seq) * 1000n);
}

/** The link a person opens to see a ticket, shaped like SDP's `/app/{portal}/ui/requests/{id}/details`. */
export function ticketUrl(baseUrl: string, portal: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/app/${encodeURIComponent(portal)}/ui/requests/${id}/details`;
}

function toPerson(p: PersonRecord | undefined): Person | undefined {
  if (p === undefined) return undefined;
  const out: Person = {};
  if (p.id !== undefined) out.id = p.id;
  if (p.name !== undefined) out.name = p.name;
  if (p.email !== undefined) out.email = p.email;
  const phone = p.phone ?? p.mobile;
  if (phone !== undefined) out.phone = phone;
  return out;
}

/** The port's view of a stored ticket. */
export function toTicket(r: TicketRecord, link: { baseUrl: string; portal: string }): Ticket {
  const t: Ticket = {
    id: r.id,
    displayId: r.displayId,
    subject: r.subject,
    description: r.description,
    status: r.status,
    url: ticketUrl(link.baseUrl, link.portal, r.id),
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
  for (const key of [
    "priority",
    "category",
    "subcategory",
    "mode",
    "template",
    "group",
    "resolution",
  ] as const) {
    const value = r[key];
    if (value !== undefined) t[key] = value;
  }
  const technician = toPerson(r.technician);
  if (technician) t.technician = technician;
  const requester = toPerson(r.requester);
  if (requester) t.requester = requester;
  if (r.closure) {
    t.closure = {};
    if (r.closure.code !== undefined) t.closure.code = r.closure.code;
    if (r.closure.comments !== undefined) t.closure.comments = r.closure.comments;
  }
  if (Object.keys(r.fields).length > 0) t.fields = { ...r.fields };
  return t;
}

/** The port's view of a stored note. */
export function toTicketNote(n: NoteRecord): TicketNote {
  return {
    id: n.id,
    ticketId: n.ticketId,
    body: n.body,
    public: n.public,
    author: n.author,
    createdAt: new Date(n.createdAt).toISOString(),
  };
}
