/**
 * zod schemas of SDP v3 wire shapes (reference §2.3, §4.4–4.6, §5, §6). Every object is loose
 * (extra keys are kept and ignored). Only ids are essential: a field of an unexpected type reads
 * as absent rather than failing the whole answer, because portals differ and evolve.
 */
import { z } from "zod";

/** Ids are long numeric strings; accept numbers too. */
export const wireId = z.union([z.string().min(1), z.number()]).transform(String);

/** Makes a field optional and tolerant: a wrong type reads as `undefined`. */
function soft<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

const code = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** One `response_status.messages[]` entry. */
export const wireStatusMessage = z.looseObject({
  status_code: soft(code),
  type: soft(z.string()),
  message: soft(z.string()),
  field: soft(z.string()),
  fields: soft(z.array(z.string())),
});
export type WireStatusMessage = z.infer<typeof wireStatusMessage>;

const statusEntry = z.looseObject({
  status_code: soft(code),
  status: soft(z.string()),
  messages: soft(z.array(wireStatusMessage)),
});
export type WireStatusEntry = z.infer<typeof statusEntry>;

/** `response_status` is an object on single-entity answers and an array on lists and bulk (§4.4). */
export const wireEnvelope = z.looseObject({
  response_status: z.union([statusEntry, z.array(statusEntry)]).optional(),
});

/** `{value: "<epoch ms>", display_value}`; `value` is a string on the wire, accept a number. */
export const wireDateTime = z.looseObject({
  value: soft(z.union([z.string(), z.number()])),
  display_value: soft(z.string()),
});

/** Lookup fields: `{id, name}` plus extra keys (§2.3). */
export const wireLookup = z.looseObject({ id: soft(wireId), name: soft(z.string()) });

/** A user (requester, technician) on the wire. */
export const wireUser = z.looseObject({
  id: soft(wireId),
  name: soft(z.string()),
  email_id: soft(z.string()),
  phone: soft(z.string()),
  mobile: soft(z.string()),
  first_name: soft(z.string()),
  last_name: soft(z.string()),
});
/** A user as read from SDP. */
export type WireUser = z.infer<typeof wireUser>;

/** A request (ticket) on the wire (reference §4.5); list rows carry only some keys. */
export const wireRequest = z.looseObject({
  id: wireId,
  display_id: soft(wireId),
  subject: soft(z.string()),
  description: soft(z.string()),
  status: soft(wireLookup),
  priority: soft(wireLookup),
  category: soft(wireLookup),
  subcategory: soft(wireLookup),
  mode: soft(wireLookup),
  template: soft(wireLookup),
  group: soft(wireLookup),
  technician: soft(wireUser),
  requester: soft(wireUser),
  resolution: soft(z.union([z.looseObject({ content: soft(z.string()) }), z.string()])),
  closure_info: soft(
    z.looseObject({
      closure_code: soft(z.union([wireLookup, z.string()])),
      closure_comments: soft(z.string()),
    }),
  ),
  udf_fields: soft(z.record(z.string(), z.unknown())),
  created_time: soft(wireDateTime),
  last_updated_time: soft(wireDateTime),
  is_trashed: soft(z.boolean()),
});
/** A request as read from SDP. */
export type WireRequest = z.infer<typeof wireRequest>;

/**
 * A request note. [C]/[S]: items may use `created_*` or `added_*`, and list items may carry only
 * `content_url` instead of an inline `description` (§4.6); all are accepted.
 */
export const wireNote = z.looseObject({
  id: wireId,
  description: soft(z.string()),
  show_to_requester: soft(z.boolean()),
  created_time: soft(wireDateTime),
  added_time: soft(wireDateTime),
  created_by: soft(wireUser),
  added_by: soft(wireUser),
  content_url: soft(z.string()),
});
/** A note as read from SDP. */
export type WireNote = z.infer<typeof wireNote>;

/** `list_info` of a list answer. */
export const wireListInfo = z.looseObject({
  has_more_rows: soft(z.boolean()),
  start_index: soft(code),
  row_count: soft(code),
  total_count: soft(code),
});

/** Metadata rows (§6): at least an id; names vary (technicians may only have first/last name). */
export const wireMetadataRow = z.looseObject({
  id: wireId,
  name: soft(z.string()),
  first_name: soft(z.string()),
  last_name: soft(z.string()),
  email_id: soft(z.string()),
  category: soft(wireLookup),
  inactive: soft(z.boolean()),
  deleted: soft(z.boolean()),
});
/** A lookup row as read from SDP. */
export type WireMetadataRow = z.infer<typeof wireMetadataRow>;
