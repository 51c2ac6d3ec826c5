import { handoffResultSchema as coreHandoffResultSchema, METADATA_KINDS } from "@ispn/core";
import { z } from "zod";

/**
 * zod schemas of what the tools return (`structuredContent`). They mirror the `@ispn/core` model
 * (`Ticket`, `TicketNote`, `HandoffResult`) so the SDK can check every answer against them.
 */

const person = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
});

/** A full ticket, as `ticket_get` and the write tools return it. */
export const ticketSchema = z.object({
  id: z.string().describe("The helpdesk's id: pass this as ticketId to the other tools"),
  displayId: z.string().describe("The short number people read aloud"),
  subject: z.string(),
  description: z.string(),
  status: z.string(),
  priority: z.string().optional(),
  category: z.string().optional(),
  subcategory: z.string().optional(),
  mode: z.string().optional(),
  template: z.string().optional(),
  group: z.string().optional(),
  technician: person.optional(),
  requester: person.optional(),
  resolution: z.string().optional(),
  closure: z.object({ code: z.string().optional(), comments: z.string().optional() }).optional(),
  fields: z.record(z.string(), z.string()).optional(),
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A ticket in a list: the description cut to an excerpt. */
export const ticketSummarySchema = z.object({
  id: z.string().describe("Pass this as ticketId to the other tools"),
  displayId: z.string(),
  subject: z.string(),
  status: z.string(),
  priority: z.string().optional(),
  category: z.string().optional(),
  technician: z.string().optional(),
  requester: z.string().optional(),
  excerpt: z.string().describe("The start of the description, as plain text"),
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const noteSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  body: z.string(),
  public: z.boolean(),
  author: z.string().optional(),
  createdAt: z.string(),
});

/** The answer of a handoff: core's schema, so HTTP and MCP answer alike. */
export const handoffResultSchema = coreHandoffResultSchema;

/** What a queued handoff's reference resolves to. */
export const handoffStatusSchema = z.object({
  reference: z.string(),
  state: z.enum(["queued", "delivered"]).describe("queued: waiting for the helpdesk; delivered: on a ticket"),
  ticketId: z.string().optional().describe("Once delivered: the ticket's id"),
  ticketNumber: z.string().optional().describe("Once delivered: the short number to read aloud"),
  ticketUrl: z.string().optional(),
  created: z
    .boolean()
    .optional()
    .describe("Once delivered: true when it made a new ticket, false when it joined one"),
  queuedAt: z.string().optional().describe("While queued: when it was queued (ISO-8601)"),
  attempts: z.number().int().optional().describe("While queued: delivery attempts so far"),
  lastError: z.string().optional().describe("While queued: why the last attempt failed"),
});

/** One page of tickets. */
export const ticketPageSchema = z.object({
  tickets: z.array(ticketSummarySchema),
  startIndex: z.number().int(),
  total: z.number().int().optional(),
  nextCursor: z.string().optional().describe("Pass as cursor to get the next page; absent on the last page"),
});

export const metadataItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  detail: z.string().optional(),
});

export const taxonomySchema = z.object({
  categories: z.array(z.string()),
  escalationReasons: z.array(z.string()),
  sources: z.array(z.string()),
});

export const metadataKindSchema = z.enum(METADATA_KINDS);

/** The 4-line note and the values it was rendered from. */
export const renderedNoteSchema = z.object({
  note: z.string().describe("The 4-line note: Category / Reason / Summary / Confidence"),
  category: z.string(),
  escalationReason: z.string(),
  summary: z.string(),
  confidence: z.number(),
});
