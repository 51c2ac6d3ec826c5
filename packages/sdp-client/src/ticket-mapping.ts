import type { Person, Ticket, TicketNote } from "@ispn/core";
import type { WireNote, WireRequest, WireUser } from "./wire-schemas.ts";

type WireTime = { value?: string | number | null | undefined; display_value?: string | null | undefined };

/** SDP `{value: "<epoch ms>"}` as ISO-8601; `fallback` when absent or unreadable. */
export function isoTime(time: WireTime | null | undefined, fallback: string): string {
  const ms = Number(time?.value);
  if (time?.value != null && Number.isFinite(ms)) return new Date(ms).toISOString();
  const parsed = Date.parse(time?.display_value ?? "");
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
}

/** A wire user as the core `Person` (fields absent when SDP has none). */
export function toPerson(user: WireUser | null | undefined): Person | undefined {
  if (!user) return undefined;
  const name = user.name ?? ([user.first_name, user.last_name].filter(Boolean).join(" ") || undefined);
  const person: Person = {
    ...(user.id ? { id: user.id } : {}),
    ...(name ? { name } : {}),
    ...(user.email_id ? { email: user.email_id } : {}),
    ...(user.phone || user.mobile ? { phone: (user.phone || user.mobile) as string } : {}),
  };
  return Object.keys(person).length > 0 ? person : undefined;
}

/** UDF values flattened to strings; objects (dates, pick lists) use `display_value`, `name` or `value`. */
export function flattenFields(fields: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "object") {
      const v = value as { display_value?: unknown; name?: unknown; value?: unknown };
      const text = v.display_value ?? v.name ?? v.value;
      if (text !== undefined && text !== null) out[key] = String(text);
    } else out[key] = String(value);
  }
  return out;
}

const EPOCH = new Date(0).toISOString();

/** Maps an SDP request onto the core ticket. List rows are trimmed by SDP, so many fields may be absent. */
export function toTicket(request: WireRequest, url: string): Ticket {
  const name = (l: { name?: string | null | undefined } | null | undefined) => l?.name ?? undefined;
  const createdAt = isoTime(request.created_time, EPOCH);
  const resolution =
    typeof request.resolution === "string" ? request.resolution : request.resolution?.content;
  const closureCode = request.closure_info?.closure_code;
  const code = typeof closureCode === "string" ? closureCode : closureCode?.name;
  const comments = request.closure_info?.closure_comments;
  const fields = flattenFields(request.udf_fields);
  const optional: { [K in keyof Ticket]?: Ticket[K] | undefined } = {
    priority: name(request.priority),
    category: name(request.category),
    subcategory: name(request.subcategory),
    mode: name(request.mode),
    template: name(request.template),
    group: name(request.group),
    technician: toPerson(request.technician),
    requester: toPerson(request.requester),
    resolution: resolution ?? undefined,
    closure: code || comments ? { ...(code ? { code } : {}), ...(comments ? { comments } : {}) } : undefined,
    fields: Object.keys(fields).length > 0 ? fields : undefined,
  };
  return {
    id: request.id,
    displayId: request.display_id ?? request.id,
    subject: request.subject ?? "",
    description: request.description ?? "",
    status: name(request.status) ?? "Open",
    url,
    createdAt,
    updatedAt: isoTime(request.last_updated_time, createdAt),
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<Ticket>),
  };
}

/** Maps an SDP note (either `created_*` or `added_*` naming) onto the core note. */
export function toTicketNote(note: WireNote, ticketId: string): TicketNote {
  const author = toPerson(note.created_by ?? note.added_by)?.name;
  return {
    id: note.id,
    ticketId,
    body: note.description ?? "",
    public: note.show_to_requester ?? false,
    createdAt: isoTime(note.created_time ?? note.added_time, EPOCH),
    ...(author ? { author } : {}),
  };
}
