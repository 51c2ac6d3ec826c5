import type { LookupRef } from "../catalog.ts";
import type { ProblemPatch } from "../itsm/problem-desk.ts";
import { failed } from "./envelope.ts";
import { isObject, type Json } from "./input-data.ts";
import { lookupRef } from "./parse-request.ts";
import { extraKey } from "./request-keys.ts";

const invalid = (field: string) => failed(4001, `Value given for ${field} is not valid`, { field });

/** Keys a `problem` write may carry (ANSIBLE `conf/problem.py`); others get "Extra key found in JSON". */
const PROBLEM_KEYS = new Set([
  "title",
  "description",
  "status",
  "priority",
  "impact",
  "urgency",
  "category",
  "subcategory",
  "item",
  "group",
  "site",
  "technician",
  "template",
  "requester",
  "reported_by",
  "due_by_time",
  "is_known_error",
  "known_error_comments",
  // [C] ANSIBLE names these grouped fields `*_description`; the grouped wire form is `{description}`: both accepted.
  "root_cause",
  "root_cause_description",
  "symptoms",
  "symptoms_description",
  "impact_details",
  "impact_details_description",
  // [S]/[I] close details: `closure_info` (as on requests), `close_details` (ANSIBLE's group), or loose keys.
  "closure_info",
  "close_details",
  "closure_code",
  "closure_comments",
  "udf_fields",
]);

/** Refuses unknown top-level and `problem` keys, as SDP does. */
export function checkProblemKeys(input: Json): Json {
  for (const key of Object.keys(input)) if (key !== "problem") throw extraKey(key);
  const problem = input.problem;
  if (problem === undefined)
    throw failed(4012, "Value for mandatory-field is not provided", { fields: ["problem"] });
  if (!isObject(problem)) throw invalid("problem");
  for (const key of Object.keys(problem)) if (!PROBLEM_KEYS.has(key)) throw extraKey(`problem.${key}`);
  return problem;
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string") throw invalid(field);
  return value;
}

/** A user value: `{"id"}`, `{"email_id"}` or `{"name"}`. */
export function userRef(value: unknown, field: string): LookupRef {
  if (!isObject(value)) throw invalid(field);
  if (typeof value.id === "string" || typeof value.id === "number") return { id: String(value.id) };
  if (typeof value.email_id === "string") return { email: value.email_id };
  if (typeof value.name === "string") return { name: value.name };
  throw invalid(field);
}

/** A grouped text (`{description}`) or the flat `*_description` string. */
function groupedText(problem: Json, key: string): string | undefined {
  const nested = problem[key];
  if (nested !== undefined && nested !== null) {
    if (!isObject(nested)) throw invalid(key);
    return text(nested.description ?? "", `${key}.description`);
  }
  const flat = problem[`${key}_description`];
  return flat === undefined || flat === null ? undefined : text(flat, `${key}_description`);
}

/** A `problem` write as a desk patch. */
export function parseProblem(problem: Json): ProblemPatch {
  const patch: ProblemPatch = {};
  if (problem.title !== undefined) patch.title = text(problem.title, "title");
  if (problem.description !== undefined && problem.description !== null)
    patch.description = text(problem.description, "description");
  for (const key of ["status", "priority", "impact", "urgency", "category", "group"] as const) {
    const value = problem[key];
    if (value !== undefined && value !== null) patch[key] = lookupRef(value, key);
  }
  if (problem.technician !== undefined && problem.technician !== null)
    patch.technician = userRef(problem.technician, "technician");
  const rootCause = groupedText(problem, "root_cause");
  if (rootCause !== undefined) patch.rootCause = rootCause;
  const symptoms = groupedText(problem, "symptoms");
  if (symptoms !== undefined) patch.symptoms = symptoms;
  const impactDetails = groupedText(problem, "impact_details");
  if (impactDetails !== undefined) patch.impactDetails = impactDetails;
  const known = problem.is_known_error;
  if (known !== undefined) patch.knownError = known === true || known === "true";
  return patch;
}

/** Close details in any of the accepted forms (see PROBLEM_KEYS). */
export function parseProblemClosure(problem: Json): { code?: LookupRef; comments?: string } {
  const group = problem.closure_info ?? problem.close_details ?? problem;
  if (!isObject(group)) throw invalid("closure_info");
  const out: { code?: LookupRef; comments?: string } = {};
  if (group.closure_code !== undefined && group.closure_code !== null) {
    out.code =
      typeof group.closure_code === "string"
        ? { name: group.closure_code }
        : lookupRef(group.closure_code, "closure_code");
  }
  if (group.closure_comments !== undefined && group.closure_comments !== null)
    out.comments = text(group.closure_comments, "closure_comments");
  return out;
}
