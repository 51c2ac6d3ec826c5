/**
 * zod schemas of the modules beside requests (reference §7): problems, changes, solutions, assets,
 * projects. Loose and tolerant like `wire-schemas.ts`: only `id` is essential; a field of an
 * unexpected type reads as absent. Most of §7 is [S]: where two forms are documented or plausible,
 * both are accepted (noted per field).
 */
import { z } from "zod";
import { wireDateTime, wireId, wireLookup, wireUser } from "./wire-schemas.ts";

function soft<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

// Field types shared by the schemas below.
const text = soft(z.string());
const lookup = soft(wireLookup);
const user = soft(wireUser);
const time = soft(wireDateTime);
const flag = soft(z.boolean());
/** [S] A lookup `{id, name}` or its bare name. */
const lookupOrName = soft(z.union([wireLookup, z.string()]));

/** The fields a problem, change, solution and project open with: ids, title and description. */
const numberedRecord = {
  id: wireId,
  display_id: soft(wireId),
  title: text,
  description: text,
};

/** A grouped text: `{description}` (ANSIBLE's grouped fields), or a bare string. */
const groupedText = soft(z.union([z.looseObject({ description: text }), z.string()]));
const closure = soft(
  z.looseObject({
    closure_code: lookupOrName,
    closure_comments: text,
  }),
);

/**
 * A problem (ANSIBLE `conf/problem.py`). [C]/[I] close details arrive as `closure_info` (as on
 * requests) or `close_details` (ANSIBLE's group name); root cause, symptoms and impact details as
 * grouped `{description}` objects or flat `*_description` strings. All are read.
 */
export const wireProblem = z.looseObject({
  ...numberedRecord,
  status: lookup,
  priority: lookup,
  impact: lookup,
  urgency: lookup,
  category: lookup,
  group: lookup,
  technician: user,
  root_cause: groupedText,
  root_cause_description: text,
  symptoms: groupedText,
  symptoms_description: text,
  impact_details: groupedText,
  impact_details_description: text,
  is_known_error: flag,
  closure_info: closure,
  close_details: closure,
  created_time: time,
  last_updated_time: time,
  closed_time: time,
  has_requests: flag,
});
/** A problem as read from SDP. */
export type WireProblem = z.infer<typeof wireProblem>;

/** A change with its scheduled window (ANSIBLE `conf/change.py`; `scheduled_*_time` sortable fields). */
export const wireChange = z.looseObject({
  ...numberedRecord,
  status: lookup,
  stage: lookup,
  change_type: lookup,
  risk: lookup,
  impact: lookup,
  priority: lookup,
  site: lookup,
  group: lookup,
  change_manager: user,
  change_owner: user,
  reason_for_change: lookupOrName,
  scheduled_start_time: time,
  scheduled_end_time: time,
  roll_out_plan: groupedText,
  back_out_plan: groupedText,
  created_time: time,
});
/** A change as read from SDP. */
export type WireChange = z.infer<typeof wireChange>;

/** A knowledge-base solution. [S] `topic` is a lookup; `keywords` a comma-separated string or an array. */
export const wireSolution = z.looseObject({
  ...numberedRecord,
  topic: lookupOrName,
  keywords: soft(z.union([z.string(), z.array(z.string())])),
  is_public: flag,
  created_time: time,
  last_updated_time: time,
});
/** A solution as read from SDP. */
export type WireSolution = z.infer<typeof wireSolution>;

/** An asset. [S]/[I] `user` is the person using it; `product`/`product_type`/`state` are lookups. */
export const wireAsset = z.looseObject({
  id: wireId,
  name: text,
  product: lookup,
  product_type: lookup,
  asset_tag: text,
  serial_number: text,
  state: lookup,
  user: user,
  site: lookup,
  location: text,
  ip_address: text,
  mac_address: text,
  created_time: time,
});
/** An asset as read from SDP. */
export type WireAsset = z.infer<typeof wireAsset>;

/** A project. [S] `percentage_completion` may be a number or a numeric string. */
export const wireProject = z.looseObject({
  ...numberedRecord,
  status: lookup,
  priority: lookup,
  owner: user,
  project_type: lookup,
  scheduled_start_time: time,
  scheduled_end_time: time,
  percentage_completion: soft(z.union([z.number(), z.string()])),
  created_time: time,
});
/** A project as read from SDP. */
export type WireProject = z.infer<typeof wireProject>;
