import { DEFAULT_CONFIDENCE, type HandoffResult, NOTE_LIMITS } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { attributionLine } from "../attribution.ts";
import type { ServerContext } from "../context.ts";
import { handoffResultSchema, renderedNoteSchema } from "../output-schemas.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";

/** The source of handoffs made through MCP when the caller names none. */
export const MCP_SOURCE = "Manual";

/**
 * A person's handoff is signed on its ticket with a private note (the ticket text itself is core's
 * to decide); best-effort: the handoff has happened, and the audit log names them anyway.
 */
async function signHandoff(
  ctx: ServerContext,
  result: HandoffResult,
  actor: Actor | undefined,
  signal: AbortSignal,
): Promise<HandoffResult> {
  if (!actor || result.outcome === "queued") return result;
  await ctx.helpdesk
    .addNote(
      result.ticketId,
      { body: `Handoff submitted ${attributionLine(actor)}`, public: false },
      { signal },
    )
    .catch((error: unknown) =>
      ctx.logger.warn({ err: (error as Error).message }, "attribution note not added"),
    );
  return result;
}

/**
 * The handoff tools: `handoff_submit` (the voice-agent contract), `ticket_find_or_create` (the
 * same find-or-create, phrased for a technician) and `note_render` (validation only).
 */
export function registerHandoffTools(server: McpServer, ctx: ServerContext): void {
  const t = ctx.taxonomy;
  const oneOf = (list: readonly string[]) => `One of: ${list.join(", ")}`;
  const category = z.string().describe(`${oneOf(t.categories)}.`);
  const reason = z.string().describe(`Why a person is needed. ${oneOf(t.escalationReasons)}.`);
  const confidence = z
    .union([z.number(), z.string()])
    .describe(
      `How sure the category is, from 0 to 1 (e.g. 0.85; "85%" is accepted). Optional: when neither this nor the note's Confidence line gives one, ${DEFAULT_CONFIDENCE} is assumed and the ticket says so.`,
    );
  const callerNumber = z
    .string()
    .describe(
      'The caller\'s phone number in any common format (becomes E.164). Tickets are deduplicated per caller and category. A withheld id ("anonymous", "restricted", "private", "unknown", an unfilled "{{system__caller_id}}") is accepted as no number and noted on the ticket.',
    );
  const oaKey = z
    .string()
    .describe(
      'Outage key: every handoff with the same key joins one ticket, whoever calls (it takes precedence over the caller). Case, spaces and punctuation do not matter ("North Zone 3" = "north-zone-3"); long keys are shortened, never refused. Leave it out when there is no outage: "none", "N/A", "null", "unknown", "-" or an unfilled "{{…}}" are read as no outage key.',
    );

  defineTool(server, ctx, {
    name: "handoff_submit",
    title: "Submit a handoff",
    description: `Hands a customer's problem to the technicians: validates the handoff, renders the 4-line note, and finds the open ticket for the same outage key (or, without one, the same caller and category) or creates one. Returns the ticket number and a sentence to read to the caller; created=false (outcome "existing") means the handoff joined an existing ticket as a note. Always pass callerNumber when known: without it (and without oaKey) nothing is deduplicated. Fields left out are read from a 4-line note ("Category: …\\nReason: …\\nSummary: …\\nConfidence: …"). Use note_render first to check a note without touching the helpdesk.`,
    input: {
      note: z
        .string()
        .describe(
          `The 4-line note, or a short free-text summary of the problem (${NOTE_LIMITS.handoff.min}–${NOTE_LIMITS.handoff.max} characters).`,
        ),
      category: category.optional(),
      escalationReason: reason.optional(),
      confidence: confidence.optional(),
      callerNumber: callerNumber.optional(),
      oaKey: oaKey.optional(),
      source: z
        .string()
        .optional()
        .describe(`${oneOf(t.sources)}. Default ${MCP_SOURCE}.`),
      conversationId: z.string().optional().describe("The voice conversation's id, when there is one."),
    },
    output: handoffResultSchema.shape,
    // Not read-only: it creates a ticket or appends a note. Not destructive: it only adds.
    // Idempotent: a repeat for the same caller+category (or oaKey) joins the same ticket inside the
    // dedup window instead of creating a second one (it adds a "joined" note, the audit trail).
    // Open world: it talks to the helpdesk.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, call) {
      const prepared = ctx.prepare({ ...args, source: args.source ?? MCP_SOURCE });
      if (!prepared.ok) throw new ToolInputError(prepared.issues, "The handoff was not submitted");
      const result = await ctx.handoffs.submit(prepared.value, { signal: call.signal });
      return signHandoff(ctx, result, call.actor, call.signal);
    },
  });

  defineTool(server, ctx, {
    name: "ticket_find_or_create",
    title: "Find or create the ticket for a caller",
    description:
      "For a technician logging a customer's call: finds the open ticket for this caller and category (within the deduplication window) and adds the summary to it as a note, or creates a new ticket. Use this instead of ticket_create whenever a customer's phone number is known, so the same problem is not ticketed twice. Returns the ticket id, its short number, and created=true/false.",
    input: {
      callerNumber,
      category,
      summary: z
        .string()
        .describe(
          `What the customer reported, in one or two sentences (${NOTE_LIMITS.handoff.min}–200 characters).`,
        ),
      escalationReason: reason
        .optional()
        .describe(`${oneOf(t.escalationReasons)}. Inferred from the summary when left out.`),
      confidence: confidence
        .optional()
        .describe("How sure the category is, 0 to 1. Default 1 (a person chose it)."),
      oaKey: oaKey.optional(),
    },
    output: handoffResultSchema.shape,
    // Same reasoning as handoff_submit; here the caller number is required, so every call is
    // deduplicated and a repeat always joins the same ticket.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, call) {
      const prepared = ctx.prepare({
        note: args.summary,
        category: args.category,
        escalationReason: args.escalationReason,
        confidence: args.confidence ?? 1,
        callerNumber: args.callerNumber,
        oaKey: args.oaKey,
        source: MCP_SOURCE,
      });
      if (!prepared.ok) {
        const issues = prepared.issues.map((i) => (i.path === "note" ? { ...i, path: "summary" } : i));
        throw new ToolInputError(issues, "Nothing was created");
      }
      const result = await ctx.handoffs.submit(prepared.value, { signal: call.signal });
      return signHandoff(ctx, result, call.actor, call.signal);
    },
  });

  defineTool(server, ctx, {
    name: "note_render",
    title: "Check and render a 4-line note",
    description:
      "Validates a handoff note and renders it in the 4-line form (Category / Reason / Summary / Confidence) without touching the helpdesk. Give either a draft note (4-line or free text) or a summary, plus any fields to set. Missing category and reason are inferred from the text; a wrong value comes back as an error listing the valid values.",
    input: {
      note: z.string().optional().describe("A draft: the 4-line note or free text."),
      summary: z.string().optional().describe("A one-line summary, when not giving a note."),
      category: category.optional(),
      escalationReason: reason.optional(),
      confidence: confidence.optional(),
    },
    output: renderedNoteSchema.shape,
    // Pure computation over the input and the configured taxonomy: read-only, idempotent, and
    // closed-world (no helpdesk call).
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args) {
      if ((args.note === undefined) === (args.summary === undefined)) {
        throw new ToolInputError([{ path: "note", message: "give either note or summary (exactly one)" }]);
      }
      const prepared = ctx.prepare({
        note: args.note ?? args.summary,
        category: args.category,
        escalationReason: args.escalationReason,
        confidence: args.confidence,
        source: MCP_SOURCE,
      });
      if (!prepared.ok) {
        const text = args.note === undefined ? "summary" : "note";
        const issues = prepared.issues.map((i) => (i.path === "note" ? { ...i, path: text } : i));
        throw new ToolInputError(issues, "The note is not valid");
      }
      const { note, category: c, escalationReason, summary, confidence: k } = prepared.value;
      return { note, category: c, escalationReason, summary, confidence: k };
    },
  });
}
