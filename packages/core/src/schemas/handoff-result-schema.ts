import { z } from "zod";

/** The handoff answer as a zod schema (for OpenAPI and MCP output schemas); matches `HandoffResult`. */
export const handoffResultSchema = z.object({
  status: z.literal("ok").describe('Always "ok" on success (as the original bridge answered)'),
  outcome: z
    .enum(["created", "existing", "queued"])
    .describe(
      '"created": a new ticket; "existing": joined an open ticket as a note; "queued": the helpdesk could not take it in time, kept under `reference` and delivered later',
    ),
  created: z.boolean(),
  ticketId: z.string().describe("The helpdesk's ticket id (when queued: the reference)"),
  ticketNumber: z.string().describe("The short ticket number to read aloud (when queued: the reference)"),
  ticketUrl: z.string().describe("A link to the ticket; empty while queued"),
  reference: z
    .string()
    .optional()
    .describe(
      "When queued: the reference the caller can quote (e.g. H-7KQ3XM); resolves to the ticket once delivered",
    ),
  category: z.string(),
  escalationReason: z.string(),
  confidence: z.string().describe('The confidence as a decimal string, e.g. "0.85"'),
  echo: z.object({ oaKey: z.string().nullable(), callerNumber: z.string().nullable() }),
  spokenSummary: z.string().describe("One or two sentences a voice agent can read to the caller"),
});
