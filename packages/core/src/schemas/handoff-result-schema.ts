import { z } from "zod";
import type { HandoffOutcome } from "../handoff/handoff-result.ts";

// A Record, so adding a member to `HandoffOutcome` fails to compile until it is described here.
const OUTCOME_MEANINGS: Record<HandoffOutcome, string> = {
  created: "a new ticket",
  existing: "the handoff joined an open ticket as a note",
  queued:
    "the helpdesk could not take it in time; it is kept under `reference`, delivered later, and the reference resolves to its ticket",
};

/** Every `HandoffOutcome` (derived from the type's exhaustive description table). */
export const HANDOFF_OUTCOMES = Object.keys(OUTCOME_MEANINGS) as [HandoffOutcome, ...HandoffOutcome[]];

/** The handoff answer as a zod schema (for OpenAPI and MCP output schemas); matches `HandoffResult`. */
export const handoffResultSchema = z.object({
  status: z.literal("ok").describe('Always "ok" on success (as the original bridge answered)'),
  outcome: z.enum(HANDOFF_OUTCOMES).describe(
    Object.entries(OUTCOME_MEANINGS)
      .map(([outcome, meaning]) => `"${outcome}": ${meaning}`)
      .join("; "),
  ),
  created: z
    .boolean()
    .describe("true: a new ticket; false: the handoff joined an open ticket as a note, or was queued"),
  ticketId: z.string().describe("The helpdesk's ticket id (when queued: the reference)"),
  ticketNumber: z.string().describe("The short ticket number to read aloud (when queued: the reference)"),
  ticketUrl: z.string().describe("A link to the ticket; empty while queued"),
  reference: z
    .string()
    .optional()
    .describe(
      'When queued: the reference the caller can quote (e.g. "H-7KQ3XM"); look it up with GET /handoffs/{reference} or the handoff_status tool',
    ),
  queuedReason: z
    .string()
    .optional()
    .describe("When queued: why, for operators (e.g. the helpdesk setting to fix); not for the caller"),
  category: z.string(),
  escalationReason: z.string(),
  confidence: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/)
    .describe('The confidence used, 0 to 1, as a decimal string such as "0.85"'),
  echo: z
    .object({ oaKey: z.string().nullable(), callerNumber: z.string().nullable() })
    .describe("The canonical outage key and the E.164 caller number used for dedup (null when none)"),
  spokenSummary: z.string().describe("One or two sentences a voice agent can read to the caller"),
});
