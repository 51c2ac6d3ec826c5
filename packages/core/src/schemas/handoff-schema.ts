import { z } from "zod";
import { NOTE_LIMITS } from "../note/limits.ts";

const optionalText = (max: number, what: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (v == null || v.trim() === "" ? undefined : v.trim()))
    .pipe(z.string().max(max, `${what} must be at most ${max} characters`).optional());

/**
 * The handoff body as HTTP and MCP receive it, before the note is read and values are resolved
 * against the taxonomy (see `prepareHandoff`). Unknown keys are ignored; `null` and "" mean absent.
 */
export const handoffInputSchema = z.object({
  note: z
    .string({
      error: "note is required: the 4-line note (Category/Reason/Summary/Confidence) or a short summary",
    })
    .trim()
    .min(NOTE_LIMITS.handoff.min, `note must be at least ${NOTE_LIMITS.handoff.min} characters`)
    .max(NOTE_LIMITS.handoff.max, `note must be at most ${NOTE_LIMITS.handoff.max} characters`),
  category: optionalText(64, "category"),
  escalationReason: optionalText(64, "escalationReason"),
  confidence: z
    .union([z.number(), z.string(), z.null()], {
      error: "confidence must be a number from 0 to 1, such as 0.85",
    })
    .optional()
    .transform((v) => (v == null || v === "" ? undefined : v)),
  callerNumber: optionalText(40, "callerNumber"),
  oaKey: optionalText(128, "oaKey").pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._:\-/]+$/, "oaKey may contain only letters, digits and . _ : - /")
      .optional(),
  ),
  source: optionalText(64, "source"),
  conversationId: optionalText(200, "conversationId"),
});

/** What a client may send. */
export type HandoffInput = z.input<typeof handoffInputSchema>;
