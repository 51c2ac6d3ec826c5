import type { Catalog } from "../catalog.ts";
import type { PersonRecord } from "../records.ts";
import type { AttachmentRecord, TaskRecord, WorklogRecord } from "../work-records.ts";
import type { Json } from "./input-data.ts";
import { dateTime, entryWire, personWire } from "./wire.ts";

/** Request tasks, worklogs and attachments as SDP v3 wire objects. */

const lookup = (catalog: Catalog, kind: "groups" | "priorities", name: string | undefined): Json | null => {
  if (name === undefined) return null;
  const entry = catalog.find(kind, { name });
  return entry ? entryWire(entry) : { name, id: null };
};

const user = (p: PersonRecord | undefined): Json | null =>
  p ? { id: p.id ?? null, name: p.name ?? null, email_id: p.email ?? null } : null;

/** A `task`. */
export function taskWire(t: TaskRecord, catalog: Catalog): Json {
  return {
    id: t.id,
    title: t.title,
    description: t.description ?? null,
    status: { name: t.status, id: null },
    owner: user(t.owner),
    group: lookup(catalog, "groups", t.group),
    priority: lookup(catalog, "priorities", t.priority),
    created_time: dateTime(t.createdAt),
    scheduled_start_time: dateTime(t.scheduledStart),
    scheduled_end_time: dateTime(t.scheduledEnd),
    request: { id: t.ticketId },
  };
}

/** A `worklog`; `time_spent` as the `{hours, minutes}` strings the write takes [S]. */
export function worklogWire(w: WorklogRecord): Json {
  return {
    id: w.id,
    description: w.description ?? null,
    owner: personWire(w.owner, true),
    start_time: dateTime(w.startTime),
    end_time: dateTime(w.endTime),
    time_spent: { hours: String(Math.floor(w.minutes / 60)), minutes: String(w.minutes % 60) },
    request: { id: w.ticketId },
  };
}

/** An attachment, shaped like the cloud docs' uploaded-file object (`size` a string) [V-doc]. */
export function attachmentWire(a: AttachmentRecord): Json {
  return {
    id: a.id,
    name: a.name,
    file_id: a.id,
    size: String(a.size),
    content_type: a.contentType,
    content_url: `/api/v3/requests/${a.ticketId}/attachments/${a.id}/_download`,
    created_time: dateTime(a.createdAt),
    created_by: { name: a.author },
  };
}
