import { parseConfidence } from "../confidence.ts";
import { inferCategory, inferEscalationReason } from "../note/infer-note.ts";
import { parseNote } from "../note/parse-note.ts";
import { renderNote } from "../note/render-note.ts";
import { normalizePhone } from "../phone.ts";
import { fail, type Issue, ok, type Result } from "../result.ts";
import { canonicalValue, DEFAULT_TAXONOMY, type Taxonomy } from "../taxonomy.ts";
import { handoffInputSchemaFor } from "./handoff-schema.ts";
import { type AsSent, DEFAULT_CONFIDENCE, normalizeAgentValues } from "./normalize-agent-values.ts";
import { fromZodIssues } from "./zod-issues.ts";

/** A validated handoff: every value resolved, the note rendered in the 4-line form. */
export interface Handoff {
  /** The 4-line note, rendered from the resolved values. */
  note: string;
  /** The text the agent sent, when it was not already the 4-line note. */
  originalNote?: string;
  summary: string;
  category: string;
  escalationReason: string;
  confidence: number;
  /** E.164; absent when none was sent or it was withheld (see `asSent.callerNumber`). */
  callerNumber?: string;
  /** The canonical outage key (`canonicalOutageKey`); absent when none or a placeholder was sent. */
  oaKey?: string;
  source: string;
  conversationId?: string;
  /** What the agent sent where it was read differently (withheld caller id, placeholder key, …). */
  asSent?: AsSent;
}

export interface PrepareOptions {
  taxonomy?: Taxonomy;
  /** Region for national phone numbers, default "US". */
  defaultRegion?: string;
  /** Source when the body names none, default "VoiceAgent". */
  defaultSource?: string;
}

const SUMMARY_MAX = 200;

/**
 * Validates a handoff body and resolves it: fields missing from the body are taken from the note
 * when it is in the 4-line form, category and reason are inferred from free text when still
 * missing, the caller number becomes E.164. What the agent's LLM filled in is normalised first
 * (`normalizeAgentValues`): placeholder outage keys and withheld caller ids count as absent, outage
 * keys take their canonical form, and a missing confidence becomes `DEFAULT_CONFIDENCE`; the raw
 * values are kept in `asSent`. Every problem is reported with the field it concerns.
 */
export function prepareHandoff(raw: unknown, options: PrepareOptions = {}): Result<Handoff> {
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  const schema = handoffInputSchemaFor(taxonomy);
  const parsed = schema.safeParse(raw ?? {});
  const issues: Issue[] = parsed.success ? [] : fromZodIssues(parsed.error.issues);
  // Without a usable note nothing can be resolved; otherwise the fields that did parse are checked
  // further, so every problem is reported at once.
  const body = parsed.success
    ? parsed.data
    : (parsedFields(schema.shape, raw) as Partial<typeof parsed.data> | undefined);
  if (body?.note === undefined) return fail(issues);
  const failedFields = new Set(issues.map((i) => i.path.split(".")[0]));
  const failed = (field: string) => failedFields.has(field);
  const agent = normalizeAgentValues(body);
  const asSent: AsSent = { ...agent.asSent };
  const fromNote = parseNote(body.note, { taxonomy });
  const note = fromNote.ok ? fromNote.value : undefined;
  const noteIssue = (field: string) => note?.invalid.find((i) => i.path === `note.${field}`);

  const summary = note?.summary ?? oneLine(body.note);

  const pick = (
    field: "category" | "escalationReason",
    list: readonly string[],
    infer: (text: string, t: Taxonomy) => string,
  ): string => {
    if (failed(field)) return "";
    const given = body[field];
    if (given !== undefined) {
      const canonical = canonicalValue(list, given);
      if (!canonical)
        issues.push({ path: field, message: `"${given}" is not allowed; use one of: ${list.join(", ")}` });
      return canonical ?? given;
    }
    const fromText = note?.[field];
    if (fromText) return fromText;
    const bad = noteIssue(field);
    if (bad) issues.push(bad);
    return infer(body.note, taxonomy);
  };
  const category = pick("category", taxonomy.categories, inferCategory);
  const escalationReason = pick("escalationReason", taxonomy.escalationReasons, inferEscalationReason);

  let confidence = DEFAULT_CONFIDENCE;
  if (failed("confidence")) {
    // already reported
  } else if (agent.confidence !== undefined) {
    const c = parseConfidence(agent.confidence);
    if (c.ok) confidence = c.value;
    else issues.push({ path: "confidence", message: c.issues[0]!.message });
  } else if (note?.confidence !== undefined) {
    // A placeholder in the body does not hide the note's own Confidence line.
    confidence = note.confidence;
    delete asSent.confidence;
  } else {
    const bad = noteIssue("confidence");
    if (bad) issues.push(bad);
    else asSent.confidence ??= "";
  }

  let callerNumber: string | undefined;
  if (agent.callerNumber !== undefined) {
    const phone = normalizePhone(agent.callerNumber, options.defaultRegion);
    if (phone.ok) callerNumber = phone.value;
    else issues.push({ path: "callerNumber", message: phone.issues[0]!.message });
  }

  const defaultSource = options.defaultSource ?? "VoiceAgent";
  const source = body.source === undefined ? defaultSource : canonicalValue(taxonomy.sources, body.source);
  if (source === undefined && !failed("source")) {
    issues.push({
      path: "source",
      message: `"${body.source}" is not allowed; use one of: ${taxonomy.sources.join(", ")}`,
    });
  }
  if (issues.length > 0) return fail(issues);

  const rendered = renderNote({ category, escalationReason, summary, confidence });
  return ok({
    note: rendered,
    ...(note?.isFourLine ? {} : { originalNote: body.note }),
    summary,
    category,
    escalationReason,
    confidence,
    ...(callerNumber === undefined ? {} : { callerNumber }),
    ...(agent.oaKey === undefined ? {} : { oaKey: agent.oaKey }),
    source: source ?? defaultSource,
    ...(body.conversationId === undefined ? {} : { conversationId: body.conversationId }),
    ...(Object.keys(asSent).length === 0 ? {} : { asSent }),
  });
}

/** The fields of a body that failed as a whole which are valid on their own. */
function parsedFields(
  shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>,
  raw: unknown,
): Record<string, unknown> | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const result = field.safeParse((raw as Record<string, unknown>)[key]);
    if (result.success && result.data !== undefined) out[key] = result.data;
  }
  return out;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SUMMARY_MAX ? `${flat.slice(0, SUMMARY_MAX - 1)}…` : flat;
}
