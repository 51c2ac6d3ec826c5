import type { LookupRef } from "../catalog.ts";
import type { CloseInput } from "../desk.ts";
import { LOOKUP_KEYS, LOOKUPS, type RecordPatch } from "../desk-patch.ts";
import type { PersonRecord } from "../records.ts";
import { failed } from "./envelope.ts";
import { isObject, type Json } from "./input-data.ts";

const invalid = (field: string) => failed(4001, `Value given for ${field} is not valid`, { field });

/** The entity under its module key (`{"request": {...}}`); throws 4012 naming the key when absent. */
export function entityOf(input: Json, key: string): Json {
  const entity = input[key];
  if (entity === undefined)
    throw failed(4012, `Value for mandatory-field is not provided`, { fields: [key] });
  if (!isObject(entity)) throw invalid(key);
  return entity;
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string") throw invalid(field);
  return value;
}

/** A lookup value: `{"id": …}` or `{"name": …}` (id wins). A bare string is refused, as SDP does. */
export function lookupRef(value: unknown, field: string): LookupRef {
  if (!isObject(value)) throw invalid(field);
  if (typeof value.id === "string" || typeof value.id === "number") return { id: String(value.id) };
  if (typeof value.name === "string") return { name: value.name };
  throw invalid(field);
}

/** A user value: `{"id"}`, `{"email_id"}` or `{"name"}`. */
function userRef(value: unknown, field: string): LookupRef {
  if (!isObject(value)) throw invalid(field);
  if (typeof value.id === "string" || typeof value.id === "number") return { id: String(value.id) };
  if (typeof value.email_id === "string") return { email: value.email_id };
  if (typeof value.name === "string") return { name: value.name };
  throw invalid(field);
}

function requester(value: unknown): PersonRecord {
  if (!isObject(value)) throw invalid("requester");
  const out: PersonRecord = {};
  const keys = [
    ["id", "id"],
    ["name", "name"],
    ["email", "email_id"],
    ["phone", "phone"],
    ["mobile", "mobile"],
  ] as const;
  for (const [key, wire] of keys) {
    const v = value[wire];
    if (typeof v === "string" || typeof v === "number") out[key] = String(v);
  }
  return out;
}

function udf(value: unknown): Record<string, string | null> {
  if (!isObject(value)) throw invalid("udf_fields");
  const out: Record<string, string | null> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) out[key] = null;
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[key] = String(v);
    else if (isObject(v) && "value" in v) out[key] = v.value === null ? null : String(v.value);
    else throw invalid(`udf_fields.${key}`);
  }
  return out;
}

/** An SDP `request` write (create or update) as a desk patch; unknown keys are ignored. */
export function parseRequest(request: Json): RecordPatch {
  const patch: RecordPatch = {};
  if (request.subject !== undefined) patch.subject = text(request.subject, "subject");
  if (request.description !== undefined)
    patch.description = request.description === null ? "" : text(request.description, "description");
  for (const key of LOOKUP_KEYS) {
    const value = request[LOOKUPS[key].wire];
    if (value !== undefined) patch[key] = value === null ? null : lookupRef(value, LOOKUPS[key].wire);
  }
  if (request.technician !== undefined) {
    patch.technician = request.technician === null ? null : userRef(request.technician, "technician");
  }
  if (request.requester !== undefined && request.requester !== null)
    patch.requester = requester(request.requester);
  if (request.resolution !== undefined && request.resolution !== null) {
    if (!isObject(request.resolution)) throw invalid("resolution");
    patch.resolution = text(request.resolution.content, "resolution");
  }
  if (request.udf_fields !== undefined && request.udf_fields !== null) patch.fields = udf(request.udf_fields);
  return patch;
}

/** SDP `closure_info` as close input. */
export function parseClosure(value: unknown): CloseInput {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid("closure_info");
  const out: CloseInput = {};
  if (value.closure_code !== undefined && value.closure_code !== null)
    out.code = lookupRef(value.closure_code, "closure_code");
  if (value.closure_comments !== undefined) out.comments = text(value.closure_comments, "closure_comments");
  const ack = value.requester_ack_resolution;
  if (ack !== undefined) out.requesterAck = ack === true || ack === "true";
  if (value.requester_ack_comments !== undefined) {
    out.requesterAckComments = text(value.requester_ack_comments, "requester_ack_comments");
  }
  return out;
}

/** The technician and group of an assign body. */
export function parseAssign(request: Json): { technician?: LookupRef; group?: LookupRef } {
  const out: { technician?: LookupRef; group?: LookupRef } = {};
  if (request.technician !== undefined && request.technician !== null)
    out.technician = userRef(request.technician, "technician");
  if (request.group !== undefined && request.group !== null) out.group = lookupRef(request.group, "group");
  if (!out.technician && !out.group)
    throw failed(4012, "Value for mandatory-field is not provided", { fields: ["technician"] });
  return out;
}
