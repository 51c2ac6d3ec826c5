import { parseConfidence } from "../confidence.ts";
import type { Issue, Result } from "../result.ts";
import { fail, ok } from "../result.ts";
import { canonicalValue, DEFAULT_TAXONOMY, type Taxonomy } from "../taxonomy.ts";
import { NOTE_LIMITS } from "./limits.ts";
import type { FourLineNote } from "./render-note.ts";

/** The fields found in a note. In lenient mode any of them may be missing. */
export interface ParsedNote extends Partial<FourLineNote> {
  /** True when all four fields were found. */
  isFourLine: boolean;
  /** Labelled lines whose value was not acceptable (lenient mode only; strict mode fails instead). */
  invalid: Issue[];
}

export interface ParseNoteOptions {
  /** Require exactly the four lines, in order, each valid, within the handoff length limits. */
  strict?: boolean;
  taxonomy?: Taxonomy;
}

const LABELS: Record<string, keyof FourLineNote> = {
  category: "category",
  reason: "escalationReason",
  escalationreason: "escalationReason",
  summary: "summary",
  confidence: "confidence",
};
const ORDER: (keyof FourLineNote)[] = ["category", "escalationReason", "summary", "confidence"];
const LINE = /^\s*([A-Za-z][A-Za-z _]*?)\s*[:=]\s*(.*?)\s*$/;

/**
 * Parses the 4-line note. Tolerant of spacing, label case, `=` for `:`, CRLF and blank lines;
 * values are returned in their canonical taxonomy spelling. Lenient mode (default) returns what it
 * found; strict mode fails unless the note is exactly the four valid lines in order.
 */
export function parseNote(text: string, options: ParseNoteOptions = {}): Result<ParsedNote> {
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  const lines = text.split(/\r\n|\r|\n/);
  const found: Partial<FourLineNote> = {};
  const invalid: Issue[] = [];
  const seenOrder: (keyof FourLineNote)[] = [];
  const strictIssues: Issue[] = [];

  for (const line of lines) {
    if (line.trim() === "") continue;
    const match = LINE.exec(line);
    const field = match ? LABELS[match[1]!.replace(/[\s_]+/g, "").toLowerCase()] : undefined;
    if (!match || !field) {
      strictIssues.push({
        path: "note",
        message: `line "${line.trim().slice(0, 40)}" is not one of the four labelled lines`,
      });
      continue;
    }
    seenOrder.push(field);
    const value = match[2]!;
    const issue = assign(found, field, value, taxonomy);
    if (issue) invalid.push(issue);
  }

  const isFourLine = ORDER.every((f) => found[f] !== undefined);
  if (!options.strict) return ok({ ...found, isFourLine, invalid });

  const issues = [...strictIssues, ...invalid];
  const trimmed = text.trim();
  if (trimmed.length < NOTE_LIMITS.handoff.min || trimmed.length > NOTE_LIMITS.handoff.max) {
    issues.push({
      path: "note",
      message: `must be ${NOTE_LIMITS.handoff.min}–${NOTE_LIMITS.handoff.max} characters (got ${trimmed.length})`,
    });
  }
  const lineCount = trimmed.split(/\r\n|\r|\n/).length;
  if (lineCount !== 4) issues.push({ path: "note", message: `must have exactly 4 lines (got ${lineCount})` });
  for (const f of ORDER) {
    if (!seenOrder.includes(f))
      issues.push({ path: `note.${f}`, message: `the "${labelOf(f)}:" line is missing` });
  }
  if (issues.length === 0 && seenOrder.join() !== ORDER.join()) {
    issues.push({
      path: "note",
      message: "lines must be in the order Category, Reason, Summary, Confidence",
    });
  }
  return issues.length > 0 ? fail(issues) : ok({ ...found, isFourLine, invalid: [] });
}

function labelOf(field: keyof FourLineNote): string {
  return field === "escalationReason" ? "Reason" : field[0]!.toUpperCase() + field.slice(1);
}

function assign(
  found: Partial<FourLineNote>,
  field: keyof FourLineNote,
  value: string,
  taxonomy: Taxonomy,
): Issue | undefined {
  const path = `note.${field}`;
  switch (field) {
    case "category": {
      const canonical = canonicalValue(taxonomy.categories, value);
      if (!canonical)
        return {
          path,
          message: `"${value}" is not a category; use one of: ${taxonomy.categories.join(", ")}`,
        };
      found.category = canonical;
      return undefined;
    }
    case "escalationReason": {
      const canonical = canonicalValue(taxonomy.escalationReasons, value);
      if (!canonical) {
        return {
          path,
          message: `"${value}" is not a reason; use one of: ${taxonomy.escalationReasons.join(", ")}`,
        };
      }
      found.escalationReason = canonical;
      return undefined;
    }
    case "summary":
      if (value === "") return { path, message: "is empty" };
      found.summary = value;
      return undefined;
    case "confidence": {
      const parsed = parseConfidence(value);
      if (!parsed.ok) return { path, message: parsed.issues[0]!.message };
      found.confidence = parsed.value;
      return undefined;
    }
  }
}
