import type { Catalog, CatalogEntry, CatalogKind } from "../catalog.ts";
import { LOOKUP_KEYS, LOOKUPS } from "../desk-patch.ts";
import type { NoteRecord, PersonRecord, TicketRecord } from "../records.ts";
import type { Json } from "./input-data.ts";

/**
 * Stored records as SDP v3 wire objects (reference §4.5): lookups as `{name, id, …}`, people as
 * user objects, times as `{value: "<epoch ms>", display_value}`, extra fields under `udf_fields`.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** An SDP datetime, displayed in UTC like "Jun 24, 2020 03:05 PM". */
export function dateTime(ms: number | undefined): Json | null {
  if (ms === undefined) return null;
  const d = new Date(ms);
  const hours = d.getUTCHours() % 12 || 12;
  const display = `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${pad(hours)}:${pad(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? "AM" : "PM"}`;
  return { value: String(ms), display_value: display };
}

/** A catalogue value as its wire object. */
export function entryWire(entry: CatalogEntry): Json {
  return { ...entry.wire, name: entry.name, id: entry.id };
}

function lookup(catalog: Catalog, kind: CatalogKind, name: string | undefined): Json | null {
  if (name === undefined) return null;
  const entry = catalog.find(kind, { name });
  return entry ? entryWire(entry) : { name, id: null };
}

/** A person on a ticket as an SDP user object. */
export function personWire(p: PersonRecord | undefined, technician: boolean): Json | null {
  if (!p) return null;
  return {
    email_id: p.email ?? null,
    is_technician: technician,
    phone: p.phone ?? null,
    name: p.name ?? p.email ?? null,
    mobile: p.mobile ?? null,
    id: p.id ?? null,
    photo_url: null,
    ...(technician
      ? { cost_per_hour: "0", sms_mail_id: null }
      : { is_vip_user: false, sms_mail: null, department: null }),
  };
}

/** The keys of a list row, as recorded from a live SDP list (reference §4.4). */
export const LIST_ROW_KEYS = [
  "requester",
  "template",
  "created_time",
  "has_draft",
  "cancel_flag_comments",
  "display_id",
  "subject",
  "technician",
  "due_by_time",
  "is_service_request",
  "cancellation_requested",
  "has_notes",
  "id",
  "status",
  "group",
] as const;

/** Trims a full request to a list row, plus the `fields_required`. */
export function trimRow(row: Json, fieldsRequired: readonly string[]): Json {
  const out: Json = {};
  for (const key of [...LIST_ROW_KEYS, ...fieldsRequired]) if (key in row) out[key] = row[key];
  return out;
}

/** What a request object reports beside the record: its note count, whether a problem links it. */
export interface RequestFacts {
  noteCount: number;
  hasProblem: boolean;
}

/** The full SDP request object of a stored ticket. */
export function requestWire(r: TicketRecord, catalog: Catalog, facts: RequestFacts): Json {
  const admin = personWire(
    {
      id: catalog.currentUser().id,
      name: catalog.currentUser().name,
      email: catalog.currentUser().detail ?? "",
    },
    true,
  );
  const out: Json = {
    id: r.id,
    display_id: r.displayId,
    subject: r.subject,
    description: r.description,
    requester: personWire(r.requester, false),
    technician: personWire(r.technician, true),
    created_by: admin,
    created_time: dateTime(r.createdAt),
    last_updated_time: dateTime(r.updatedAt),
    assigned_time: dateTime(r.assignedAt),
    completed_time: dateTime(r.completedAt),
    resolved_time: dateTime(r.status === "Resolved" || r.status === "Closed" ? r.completedAt : undefined),
    deleted_time: dateTime(r.deletedAt),
    due_by_time: null,
    first_response_due_by_time: null,
    responded_time: null,
    udf_fields: { ...r.fields },
    resolution:
      r.resolution === undefined
        ? null
        : {
            content: r.resolution,
            submitted_by: admin,
            submitted_on: dateTime(r.resolutionAt),
            resolution_attachments: [],
          },
    closure_info: r.closure
      ? {
          closure_code: lookup(catalog, "closure_codes", r.closure.code),
          closure_comments: r.closure.comments ?? null,
          requester_ack_resolution: r.closure.requesterAck ?? false,
          requester_ack_comments: r.closure.requesterAckComments ?? null,
        }
      : null,
    is_trashed: r.trashed,
    has_notes: facts.noteCount > 0,
    item: null,
    sla: null,
    lifecycle: null,
    department: null,
    approval_status: null,
    impact_details: null,
    linked_to_request: null,
    onhold_scheduler: null,
    notification_status: null,
    cancel_flag_comments: null,
    is_service_request: r.requestType === "Service Request",
    is_overdue: false,
    is_first_response_overdue: false,
    is_escalated: false,
    is_read: false,
    is_reopened: false,
    is_fcr: false,
    cancellation_requested: false,
    has_attachments: false,
    has_draft: false,
    has_linked_requests: false,
    has_problem: facts.hasProblem,
    has_project: false,
    has_request_initiated_change: false,
    time_elapsed: "0",
    unreplied_count: 0,
    email_to: [],
    email_cc: [],
    email_bcc: [],
    email_ids_to_notify: [],
    attachments: [],
  };
  for (const key of LOOKUP_KEYS) {
    const value = lookup(catalog, LOOKUPS[key].kind, r[key]);
    out[LOOKUPS[key].wire] = key === "group" && value ? { site: null, deleted: false, ...value } : value;
  }
  return out;
}

/** An SDP `request_note`. */
export function noteWire(n: NoteRecord, r: TicketRecord, catalog: Catalog): Json {
  const author = catalog.find("technicians", { name: n.author });
  return {
    id: n.id,
    description: n.body,
    show_to_requester: n.public,
    notify_technician: false,
    mark_first_response: false,
    add_to_linked_requests: false,
    created_time: dateTime(n.createdAt),
    created_by: { name: n.author, id: author?.id ?? null, email_id: author?.detail ?? null },
    request: { id: r.id, display_id: r.displayId, subject: r.subject },
  };
}
