import { isTicketOpen, normalizePhone, parseHandoffReference, type Ticket } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { ServerContext } from "../context.ts";
import { handoffResultSchema, handoffStatusSchema } from "../output-schemas.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";

/** The source of voice-profile handoffs when the agent names none. */
export const VOICE_SOURCE = "VoiceAgent";

/** The caller of the current call (E.164), from the voice actor; `undefined` when withheld or absent. */
export function callerOfCall(actor: Actor | undefined, region: string): string | undefined {
  const raw = actor?.extra?.caller;
  if (typeof raw !== "string") return undefined;
  const phone = normalizePhone(raw, region);
  return phone.ok ? phone.value : undefined;
}

/**
 * True when `ticket` is the caller's: its requester's phone is the caller's, or its handoff
 * description names the caller (`Caller: +14155550100`). A ticket another caller opened — even one
 * this caller joined through an outage key — is not theirs.
 */
export function isCallersTicket(ticket: Ticket, caller: string, region: string): boolean {
  const phone = ticket.requester?.phone;
  if (phone) {
    const normalized = normalizePhone(phone, region);
    if (normalized.ok && normalized.value === caller) return true;
  }
  const escaped = caller.replace(/\+/g, "\\+");
  return new RegExp(`Caller:\\s*${escaped}(?!\\d)`).test(ticket.description);
}

const NO_CALLER =
  "This call has no caller number (withheld, or a web/text test), so no tickets can be looked up for it. Offer to hand the problem to a technician with handoff_submit instead.";

/**
 * The voice-agent profile: the tools about the caller of the current call and nothing else. The
 * caller comes from the token (bound number) or the request (the `X-Caller-Id` header the agent
 * fills with `system__caller_id`), never from tool arguments, so the model cannot ask about anyone
 * else.
 */
export function registerVoiceTools(server: McpServer, ctx: ServerContext): void {
  const callerOf = (actor: Actor | undefined) => callerOfCall(actor, ctx.phoneRegion);

  defineTool(server, ctx, {
    name: "caller_tickets",
    title: "The caller's open tickets",
    description:
      "Lists the open tickets of the person on this call (their number is known to the system; do not ask for it), newest first: the ticket number to read aloud, subject and status. Use it when the caller asks about an existing problem or ticket.",
    input: {},
    output: {
      tickets: z.array(
        z.object({
          ticketNumber: z.string().describe("Read this aloud"),
          subject: z.string(),
          status: z.string(),
          createdAt: z.string(),
        }),
      ),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(_args, { signal, actor }) {
      const caller = callerOf(actor);
      if (!caller) throw new ToolInputError([{ path: "caller", message: NO_CALLER }], "Nothing to look up");
      const page = await ctx.helpdesk.searchTickets(caller, { page: { rowCount: 25 } }, { signal });
      const tickets = page.items
        .filter((t) => isTicketOpen(t) && isCallersTicket(t, caller, ctx.phoneRegion))
        .map((t) => ({
          ticketNumber: t.displayId,
          subject: t.subject,
          status: t.status,
          createdAt: t.createdAt,
        }));
      return { tickets };
    },
  });

  defineTool(server, ctx, {
    name: "handoff_status",
    title: "Look up the caller's handoff reference",
    description:
      'When the caller quotes a reference such as "H-7KQ3XM" (given when the helpdesk could not take their earlier handoff at once), says whether it is still queued or has become a ticket, and its ticket number. Only this caller\'s references are found.',
    input: {
      reference: z.string().describe('The reference the caller quotes, e.g. "H-7KQ3XM" or "h 7 k q 3 x m".'),
    },
    output: handoffStatusSchema.shape,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { signal, actor }) {
      const caller = callerOf(actor);
      const reference = parseHandoffReference(args.reference);
      const notFound = () =>
        new ToolInputError(
          [
            {
              path: "reference",
              message: `no handoff of this caller has the reference ${reference ?? args.reference}; check it with the caller`,
            },
          ],
          "Not found",
        );
      if (!reference || !caller) throw notFound();
      const record = await ctx.outbox.lookup(reference);
      if (!record) throw notFound();
      if (record.state === "queued") {
        if (record.entry.handoff.callerNumber !== caller) throw notFound();
        return {
          reference,
          state: "queued" as const,
          queuedAt: new Date(record.entry.queuedAt).toISOString(),
          attempts: record.entry.attempts,
        };
      }
      const ticket = await ctx.helpdesk.getTicket(record.ticket.id, { signal });
      if (!ticket || !isCallersTicket(ticket, caller, ctx.phoneRegion)) throw notFound();
      return {
        reference,
        state: "delivered" as const,
        ticketId: record.ticket.id,
        ticketNumber: record.ticket.displayId,
        ticketUrl: record.ticket.url,
        created: record.created,
      };
    },
  });

  const t = ctx.taxonomy;
  const oneOf = (list: readonly string[]) => `One of: ${list.join(", ")}`;
  defineTool(server, ctx, {
    name: "handoff_submit",
    title: "Hand the caller's problem to a technician",
    description:
      "Hands this caller's problem to the technicians: joins their open ticket for the same problem (or the outage's ticket when oaKey is given) or opens one, and returns the ticket number and a sentence to read to the caller. The caller's number is known to the system: do not ask for it.",
    input: {
      note: z
        .string()
        .describe("The 4-line note (Category / Reason / Summary / Confidence) or a short summary."),
      category: z
        .string()
        .optional()
        .describe(`${oneOf(t.categories)}.`),
      escalationReason: z
        .string()
        .optional()
        .describe(`${oneOf(t.escalationReasons)}.`),
      confidence: z.union([z.number(), z.string()]).optional().describe("How sure the category is, 0 to 1."),
      oaKey: z.string().optional().describe("The outage key when the caller is affected by a known outage."),
      conversationId: z.string().optional().describe("The conversation's id (system__conversation_id)."),
    },
    output: handoffResultSchema.shape,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { signal, actor }) {
      const caller = callerOf(actor);
      const raw = actor?.extra?.caller;
      const prepared = ctx.prepare({
        ...args,
        // the call's caller, never one the model names; a withheld id is passed on as sent
        ...(caller ? { callerNumber: caller } : typeof raw === "string" ? { callerNumber: raw } : {}),
        source: VOICE_SOURCE,
      });
      if (!prepared.ok) throw new ToolInputError(prepared.issues, "The handoff was not submitted");
      return ctx.handoffs.submit(prepared.value, { signal });
    },
  });
}
