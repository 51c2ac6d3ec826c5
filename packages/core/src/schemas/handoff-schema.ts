import { z } from "zod";
import { NOTE_LIMITS } from "../note/limits.ts";
import { DEFAULT_CONFIDENCE } from "./normalize-agent-values.ts";

const optionalText = (max: number, what: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (v == null || v.trim() === "" ? undefined : v.trim()))
    .pipe(z.string().max(max, `${what} must be at most ${max} characters`).optional());

/**
 * The handoff body as HTTP and MCP receive it, before the note is read and values are resolved
 * against the taxonomy (see `prepareHandoff`, which also normalises what the agent's LLM filled
 * in: `normalizeAgentValues`). Unknown keys are ignored; `null` and "" mean absent.
 */
export const handoffInputSchema = z.object({
  note: z
    .string({
      error: "note is required: the 4-line note (Category/Reason/Summary/Confidence) or a short summary",
    })
    .trim()
    .min(NOTE_LIMITS.handoff.min, `note must be at least ${NOTE_LIMITS.handoff.min} characters`)
    .max(NOTE_LIMITS.handoff.max, `note must be at most ${NOTE_LIMITS.handoff.max} characters`)
    .describe(
      `The 4-line note (Category / Reason / Summary / Confidence) or free text, ${NOTE_LIMITS.handoff.min}–${NOTE_LIMITS.handoff.max} characters. Fields left out of the body are read from a 4-line note.`,
    ),
  category: optionalText(64, "category").describe(
    "The kind of problem; inferred from the note when left out.",
  ),
  escalationReason: optionalText(64, "escalationReason").describe(
    "Why a person is needed; inferred from the note when left out.",
  ),
  confidence: z
    .union([z.number(), z.string(), z.null()], {
      error: "confidence must be a number from 0 to 1, such as 0.85",
    })
    .optional()
    .transform((v) => (v == null || v === "" ? undefined : v))
    .describe(
      `Optional. How sure the agent is of the category, 0 to 1, as a number or a numeric string ("0.85", "85%"). When neither the body nor the note's Confidence line gives one (or it is a placeholder such as "unknown"), ${DEFAULT_CONFIDENCE} is assumed and the ticket says so.`,
    ),
  callerNumber: optionalText(64, "callerNumber").describe(
    'The caller\'s number in any common format (normalised to E.164). A withheld or unusable caller id ("anonymous", "restricted", "private", "unknown", an unfilled "{{system__caller_id}}") or none means no caller number: the handoff still gets a ticket, without per-caller dedup, and the ticket shows the value as sent.',
  ),
  oaKey: z
    .union([z.string(), z.number(), z.null()], { error: "oaKey must be a string" })
    .optional()
    .transform((v) => (v == null || String(v).trim() === "" ? undefined : String(v).trim()))
    .describe(
      'Optional outage key: every handoff with the same key joins one ticket. Compared case-, spacing- and punctuation-insensitively ("North Zone 3" = "north-zone-3"); keys longer than 128 characters are shortened to a prefix plus a hash, never refused. Placeholders ("none", "N/A", "null", "unknown", "-", an unfilled "{{…}}" template, blank) mean no outage key.',
    ),
  source: optionalText(64, "source").describe("Who handed off; default VoiceAgent (HTTP) or Manual (MCP)."),
  conversationId: optionalText(200, "conversationId").describe(
    "The voice conversation's id (ElevenLabs system__conversation_id), when there is one.",
  ),
});

/** What a client may send. */
export type HandoffInput = z.input<typeof handoffInputSchema>;
