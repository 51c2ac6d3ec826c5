import { z } from "zod";

/** The handoff answer as a zod schema (for OpenAPI and MCP output schemas); matches `HandoffResult`. */
export const handoffResultSchema = z.object({
  status: z
    .enum(["created", "existing"])
    .describe('"created": a new ticket; "existing": joined an open ticket as a note'),
  created: z.boolean(),
  ticketId: z.string().describe("The helpdesk's ticket id"),
  ticketNumber: z.string().describe("The short ticket number to read aloud"),
  ticketUrl: z.string(),
  category: z.string(),
  escalationReason: z.string(),
  confidence: z.number().min(0).max(1),
  echo: z.object({ oaKey: z.string().nullable(), callerNumber: z.string().nullable() }),
  spokenSummary: z.string().describe("One or two sentences a voice agent can read to the caller"),
});
