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

/** A grouped text: `{description}` (ANSIBLE's grouped fields), or a bare string. */
const groupedText = soft(z.union([z.looseObject({ description: soft(z.string()) }), z.string()]));
const closure = soft(
  z.looseObject({
    closure_code: soft(z.union([wireLookup, z.string()])),
    closure_comments: soft(z.string()),
  }),
);

/**
 * A problem (ANSIBLE `conf/problem.py`). [C]/[I] close details arrive as `closure_info` (as on
 * requests) or `close_details` (ANSIBLE's group name); root cause, symptoms and impact details as
 * grouped `{description}` objects or flat `*_description` strings. All are read.
 */
export const wireProblem = z.looseObject({
  id: wireId,
  display_id: soft(wireId),
  title: soft(z.string()),
  description: soft(z.string()),
  status: soft(wireLookup),
  priority: soft(wireLookup),
  impact: soft(wireLookup),
  urgency: soft(wireLookup),
  category: soft(wireLookup),
  group: soft(wireLookup),
  technician: soft(wireUser),
  root_cause: groupedText,
  root_cause_description: soft(z.string()),
  symptoms: groupedText,
  symptoms_description: soft(z.string()),
  impact_details: groupedText,
  impact_details_description: soft(z.string()),
  is_known_error: soft(z.boolean()),
  closure_info: closure,
  close_details: closure,
  created_time: soft(wireDateTime),
  last_updated_time: soft(wireDateTime),
  closed_time: soft(wireDateTime),
  has_requests: soft(z.boolean()),
});
/** A problem as read from SDP. */
export type WireProblem = z.infer<typeof wireProblem>;

/** A change with its scheduled window (ANSIBLE `conf/change.py`; `scheduled_*_time` sortable fields). */
export const wireChange = z.looseObject({
  id: wireId,
  display_id: soft(wireId),
  title: soft(z.string()),
  description: soft(z.string()),
  status: soft(wireLookup),
  stage: soft(wireLookup),
  change_type: soft(wireLookup),
  risk: soft(wireLookup),
  impact: soft(wireLookup),
  priority: soft(wireLookup),
  site: soft(wireLookup),
  group: soft(wireLookup),
  change_manager: soft(wireUser),
  change_owner: soft(wireUser),
  reason_for_change: soft(z.union([wireLookup, z.string()])),
  scheduled_start_time: soft(wireDateTime),
  scheduled_end_time: soft(wireDateTime),
  roll_out_plan: groupedText,
  back_out_plan: groupedText,
  created_time: soft(wireDateTime),
});
/** A change as read from SDP. */
export type WireChange = z.infer<typeof wireChange>;

/** A knowledge-base solution. [S] `topic` is a lookup; `keywords` a comma-separated string or an array. */
export const wireSolution = z.looseObject({
  id: wireId,
  display_id: soft(wireId),
  title: soft(z.string()),
  description: soft(z.string()),
  topic: soft(z.union([wireLookup, z.string()])),
  keywords: soft(z.union([z.string(), z.array(z.string())])),
  is_public: soft(z.boolean()),
  created_time: soft(wireDateTime),
  last_updated_time: soft(wireDateTime),
});
/** A solution as read from SDP. */
export type WireSolution = z.infer<typeof wireSolution>;

/** An asset. [S]/[I] `user` is the person using it; `product`/`product_type`/`state` are lookups. */
export const wireAsset = z.looseObject({
  id: wireId,
  name: soft(z.string()),
  product: soft(wireLookup),
  product_type: soft(wireLookup),
  asset_tag: soft(z.string()),
  serial_number: soft(z.string()),
  state: soft(wireLookup),
  user: soft(wireUser),
  site: soft(wireLookup),
  location: soft(z.string()),
  ip_address: soft(z.string()),
  mac_address: soft(z.string()),
  created_time: soft(wireDateTime),
});
/** An asset as read from SDP. */
export type WireAsset = z.infer<typeof wireAsset>;

/** A project. [S] `percentage_completion` may be a number or a numeric string. */
export const wireProject = z.looseObject({
  id: wireId,
  display_id: soft(wireId),
  title: soft(z.string()),
  description: soft(z.string()),
  status: soft(wireLookup),
  priority: soft(wireLookup),
  owner: soft(wireUser),
  project_type: soft(wireLookup),
  scheduled_start_time: soft(wireDateTime),
  scheduled_end_time: soft(wireDateTime),
  percentage_completion: soft(z.union([z.number(), z.string()])),
  created_time: soft(wireDateTime),
});
/** A project as read from SDP. */
export type WireProject = z.infer<typeof wireProject>;
