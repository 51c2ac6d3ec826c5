import { z } from "zod";
import { NOTE_LIMITS } from "../note/limits.ts";
import { DEFAULT_TAXONOMY, type Taxonomy } from "../taxonomy.ts";
import { DEFAULT_CONFIDENCE } from "./normalize-agent-values.ts";
import {
  CALLER_ID_PATTERN,
  CONFIDENCE_TEXT_PATTERN,
  canonicalValuePattern,
  trimmedLengthPattern,
} from "./value-patterns.ts";

// Every rule is a check on the input as sent (a regex where JSON Schema has no keyword for it, such
// as lengths after trimming), so `z.toJSONSchema(schema, { io: "input" })` states what is accepted.
const optionalText = (max: number, what: string, string = z.string()) =>
  z
    .union([
      string.regex(trimmedLengthPattern(0, max), `${what} must be at most ${max} characters`),
      z.null(),
    ])
    .optional()
    .transform((v) => (v == null || v.trim() === "" ? undefined : v.trim()));

const quoted = (input: unknown) => JSON.stringify(input);

/** One of a taxonomy's lists, in any case and spacing ("wifi", "caller requested"). */
const listed = (list: readonly string[]) =>
  z
    .string()
    .regex(canonicalValuePattern(list), {
      error: (i) => `${quoted(String(i.input).trim())} is not allowed; use one of: ${list.join(", ")}`,
    })
    .meta({ examples: [...list] });

/**
 * The handoff body as HTTP and MCP receive it, with `taxonomy`'s lists, before the note is read and
 * values are resolved (see `prepareHandoff`, which also normalises what the agent's LLM filled in:
 * `normalizeAgentValues`). Unknown keys are ignored; `null` and "" mean absent. Every rule is a
 * check on the value as sent, so its JSON Schema (`io: "input"`) says what is accepted; what no
 * JSON Schema keyword can say (a phone number's validity, the note's labelled lines) is described.
 */
export function handoffInputSchemaFor(taxonomy: Taxonomy) {
  let schema = SCHEMAS.get(taxonomy);
  if (!schema) {
    schema = buildHandoffInputSchema(taxonomy);
    SCHEMAS.set(taxonomy, schema);
  }
  return schema;
}

const buildHandoffInputSchema = (taxonomy: Taxonomy) =>
  z.object({
    note: z
      .string({
        error: "note is required: the 4-line note (Category/Reason/Summary/Confidence) or a short summary",
      })
      .regex(
        trimmedLengthPattern(NOTE_LIMITS.handoff.min),
        `note must be at least ${NOTE_LIMITS.handoff.min} characters`,
      )
      .regex(
        trimmedLengthPattern(0, NOTE_LIMITS.handoff.max),
        `note must be at most ${NOTE_LIMITS.handoff.max} characters`,
      )
      .transform((v) => v.trim())
      .describe(
        `The 4-line note (Category / Reason / Summary / Confidence) or free text, ${NOTE_LIMITS.handoff.min}–${NOTE_LIMITS.handoff.max} characters after trimming white space. Fields left out of the body are read from a 4-line note; a labelled line there (Category:, Reason:, Confidence:) must hold an allowed value.`,
      ),
    category: optionalText(64, "category", listed(taxonomy.categories)).describe(
      'The kind of problem; inferred from the note when left out. Case, spaces, hyphens and underscores are ignored ("wifi" is WiFi).',
    ),
    escalationReason: optionalText(64, "escalationReason", listed(taxonomy.escalationReasons)).describe(
      'Why a person is needed; inferred from the note when left out. Case, spaces, hyphens and underscores are ignored ("caller requested" is CallerRequested).',
    ),
    confidence: z
      .union(
        [
          z
            .number()
            .min(0, { error: (i) => `confidence must be between 0 and 1 (got ${i.input})` })
            .max(1, { error: (i) => `confidence must be between 0 and 1 (got ${i.input})` }),
          z.string().regex(CONFIDENCE_TEXT_PATTERN, {
            error: (i) =>
              `confidence must be a number from 0 to 1 such as 0.85, a percentage such as "85%", or a placeholder such as "unknown" (got ${quoted(i.input)})`,
          }),
          z.null(),
        ],
        { error: "confidence must be a number from 0 to 1, such as 0.85" },
      )
      .optional()
      .transform((v) => (v == null || v === "" ? undefined : v))
      .describe(
        `Optional. How sure the agent is of the category, 0 to 1, as a number or a numeric string ("0.85", "85%", no exponents). When neither the body nor the note's Confidence line gives one (or it is a placeholder such as "unknown"), ${DEFAULT_CONFIDENCE} is assumed and the ticket says so.`,
      ),
    callerNumber: optionalText(
      64,
      "callerNumber",
      z.string().regex(CALLER_ID_PATTERN, {
        error: (i) =>
          `callerNumber ${quoted(i.input)} is not a phone number: use digits, spaces, ( ) - . and a leading +, or "anonymous" when the caller id is withheld`,
      }),
    ).describe(
      'The caller\'s number in any common format (normalised to E.164). A withheld or unusable caller id ("anonymous", "restricted", "private", "unknown", an unfilled "{{system__caller_id}}") or none means no caller number: the handoff still gets a ticket, without per-caller dedup, and the ticket shows the value as sent. A number must be a possible, valid number for its country (national numbers are read in the configured region, default US).',
    ),
    oaKey: z
      .union([z.string(), z.number(), z.null()], { error: "oaKey must be a string" })
      .optional()
      .transform((v) => (v == null || String(v).trim() === "" ? undefined : String(v).trim()))
      .describe(
        'Optional outage key: every handoff with the same key joins one ticket. Compared case-, spacing- and punctuation-insensitively ("North Zone 3" = "north-zone-3"); keys longer than 128 characters are shortened to a prefix plus a hash, never refused. Placeholders ("none", "N/A", "null", "unknown", "-", an unfilled "{{…}}" template, blank) mean no outage key.',
      ),
    source: optionalText(64, "source", listed(taxonomy.sources)).describe(
      "Who handed off; default VoiceAgent (HTTP) or Manual (MCP). Case and spacing are ignored.",
    ),
    conversationId: optionalText(200, "conversationId").describe(
      "The voice conversation's id (ElevenLabs system__conversation_id), when there is one.",
    ),
  });

const SCHEMAS = new WeakMap<Taxonomy, ReturnType<typeof buildHandoffInputSchema>>();

/** The handoff body with the default taxonomy. */
// Pure: a bundle that does not use it (mcp-stdio's) leaves it out instead of building it at start-up.
export const handoffInputSchema = /* @__PURE__ */ handoffInputSchemaFor(DEFAULT_TAXONOMY);

/** What a client may send. */
export type HandoffInput = z.input<typeof handoffInputSchema>;
