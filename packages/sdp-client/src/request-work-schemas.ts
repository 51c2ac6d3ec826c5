/**
 * zod schemas of request tasks, worklogs and attachments on the wire (reference §4.1, §4.6). The
 * sources for these are secondary ([S]/[I]), so every field is tolerant: a wrong type reads as
 * absent, and the disputed forms (size as a string or a number, time spent as an object or text)
 * are all accepted.
 */
import { z } from "zod";
import { wireDateTime, wireId, wireLookup, wireUser } from "./wire-schemas.ts";

function soft<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

/** A request task (`task` / `tasks`, [I] from the ryanmb30 fork and chrisalibby). */
export const wireTask = z.looseObject({
  id: wireId,
  title: soft(z.string()),
  description: soft(z.string()),
  status: soft(wireLookup),
  owner: soft(wireUser),
  group: soft(wireLookup),
  priority: soft(wireLookup),
  created_time: soft(wireDateTime),
  scheduled_start_time: soft(wireDateTime),
  scheduled_end_time: soft(wireDateTime),
});
/** A request task as read from SDP. */
export type WireTask = z.infer<typeof wireTask>;

const count = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*\d+\s*$/)
    .transform(Number),
]);

/**
 * A worklog (`worklog` / `worklogs`, [S] Teejer). `time_spent` is `{hours, minutes}` with string or
 * number values as sent; some answers give it as "HH:MM" text or as milliseconds: all are read.
 */
export const wireWorklog = z.looseObject({
  id: wireId,
  description: soft(z.string()),
  owner: soft(wireUser),
  technician: soft(wireUser),
  start_time: soft(wireDateTime),
  end_time: soft(wireDateTime),
  time_spent: soft(
    z.union([z.looseObject({ hours: soft(count), minutes: soft(count) }), z.string(), z.number()]),
  ),
});
/** A worklog as read from SDP. */
export type WireWorklog = z.infer<typeof wireWorklog>;

/**
 * An attachment (`attachments`, [S] chrisalibby; the cloud docs' uploaded-file object [V-doc]):
 * `size` as a number, a numeric string, or `{value, display_value}`; `content_type` may be absent.
 */
export const wireAttachment = z.looseObject({
  id: wireId,
  name: soft(z.string()),
  file_name: soft(z.string()),
  content_type: soft(z.string()),
  size: soft(z.union([count, z.looseObject({ value: soft(count), display_value: soft(z.string()) })])),
  content_url: soft(z.string()),
  file_id: soft(wireId),
  created_time: soft(wireDateTime),
  attached_on: soft(wireDateTime),
  attached_by: soft(wireUser),
});
/** An attachment as read from SDP. */
export type WireAttachment = z.infer<typeof wireAttachment>;
