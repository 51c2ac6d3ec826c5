import { SEED_UDF_FIELDS } from "../seed.ts";
import { failed } from "./envelope.ts";
import { isObject, type Json } from "./input-data.ts";

/**
 * The keys a `request` write may carry: the request object's keys recorded from live SDP and the
 * writable attributes the docs list (reference §4.5). Anything else is refused, as SDP refuses it.
 */
const REQUEST_KEYS: ReadonlySet<string> = new Set([
  "subject",
  "description",
  "requester",
  "technician",
  "status",
  "priority",
  "category",
  "subcategory",
  "item",
  "mode",
  "template",
  "group",
  "site",
  "level",
  "impact",
  "urgency",
  "request_type",
  "udf_fields",
  "resolution",
  "closure_info",
  "update_reason",
  "status_change_comments",
  "impact_details",
  "email_ids_to_notify",
  "email_to",
  "email_cc",
  "email_bcc",
  "assets",
  "configuration_items",
  "service_category",
  "resources",
  "service_approvers",
  "scheduled_start_time",
  "scheduled_end_time",
  "on_behalf_of",
  "editor",
  "department",
  "due_by_time",
  "first_response_due_by_time",
]);

/** The portal's request UDFs (its custom fields), as `GET /requests/_metainfo` lists them. */
export interface UdfCatalog {
  readonly keys: readonly string[];
}

/** A UDF catalogue; default {@link SEED_UDF_FIELDS}. */
export function createUdfCatalog(keys: readonly string[] = SEED_UDF_FIELDS): UdfCatalog {
  return { keys: [...keys] };
}

/** SDP's answer to a key it does not know: HTTP 400, the generic 4000, the path in the text. */
export function extraKey(path: string) {
  return failed(4000, `Extra key found in JSON: ${path}`);
}

/**
 * Refuses keys SDP would not accept in a request write: unknown top-level `input_data` keys (only
 * `module` is expected), unknown request keys, and `udf_fields` keys the portal does not define.
 */
export function checkRequestKeys(input: Json, module: string, udfs: UdfCatalog): void {
  for (const key of Object.keys(input)) if (key !== module) throw extraKey(key);
  const request = input[module];
  if (!isObject(request)) return;
  for (const key of Object.keys(request)) if (!REQUEST_KEYS.has(key)) throw extraKey(`${module}.${key}`);
  if (isObject(request.udf_fields)) {
    for (const key of Object.keys(request.udf_fields)) {
      if (!udfs.keys.includes(key)) throw extraKey(`udf_fields.${key}`);
    }
  }
}

/** `GET /requests/_metainfo`'s body: the UDF definitions under `metainfo.fields.udf_fields.fields`. */
export function metainfoBody(udfs: UdfCatalog): Record<string, unknown> {
  const fields = Object.fromEntries(
    udfs.keys.map((key) => [
      key,
      { name: key, display_name: key, type: key.startsWith("udf_sline") ? "Single Line" : "Text" },
    ]),
  );
  return { metainfo: { name: "request", fields: { udf_fields: { fields } } } };
}
