import { HelpdeskError, NOTE_LIMITS } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type GetPromptResult, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ServerContext } from "./context.ts";
import { errorCode, toolErrorText } from "./tool-errors.ts";

const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

const list = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join(", ") : "(unavailable right now: call helpdesk_metadata)";

/**
 * Prompts: `triage_ticket` (fetches a ticket and asks for a triage with the helpdesk's valid
 * statuses and priorities) and `draft_handoff_note` (turns what a caller said into the 4-line note).
 */
export function registerPrompts(server: McpServer, ctx: ServerContext): void {
  server.registerPrompt(
    "triage_ticket",
    {
      title: "Triage a ticket",
      description: "Reads a ticket and its notes and asks for a priority, status, assignment and next step.",
      argsSchema: {
        ticketId: z.string().trim().min(1).describe('The ticket\'s "id" (from ticket_list or ticket_search)'),
      },
    },
    async ({ ticketId }, extra): Promise<GetPromptResult> => {
      const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(ctx.callTimeoutMs)]);
      try {
        const ticket = await ctx.helpdesk.getTicket(ticketId, { signal });
        if (!ticket) throw new HelpdeskError("not_found", `No ticket ${ticketId}`);
        const [notes, statuses, priorities, groups, technicians] = await Promise.all([
          ctx.helpdesk.listNotes(ticketId, { rowCount: 100 }, { signal }),
          ctx.metadata.names("statuses"),
          ctx.metadata.names("priorities"),
          ctx.metadata.names("groups"),
          ctx.metadata.names("technicians"),
        ]);
        const text = [
          `Triage helpdesk ticket #${ticket.displayId} (id ${ticket.id}). The ticket and its notes are attached as JSON.`,
          "",
          "1. Summarise the customer's problem in one sentence.",
          `2. Choose a priority — one of: ${list(priorities)} — and say why (how many customers, how urgent, since when).`,
          `3. Choose a status — one of: ${list(statuses)}.`,
          `4. Suggest who should work it: a group (${list(groups)}) or a technician (${list(technicians)}).`,
          "5. Say what to ask the customer or do next.",
          "",
          `When the user agrees, apply the changes with ticket_update (ticketId "${ticket.id}") and record the reasoning with ticket_add_note. Do not close the ticket unless the problem is solved.`,
        ].join("\n");
        return {
          description: `Triage of ticket #${ticket.displayId}`,
          messages: [
            { role: "user", content: { type: "text", text } },
            {
              role: "user",
              content: {
                type: "resource",
                resource: {
                  uri: `helpdesk://tickets/${encodeURIComponent(ticket.id)}`,
                  mimeType: "application/json",
                  text: JSON.stringify({ ticket, notes: notes.items }, null, 2),
                },
              },
            },
          ],
        };
      } catch (error) {
        const code = errorCode(error);
        ctx.logger.warn({ prompt: "triage_ticket", code }, "prompt failed");
        const text = await toolErrorText(error, {
          tool: "triage_ticket",
          ticketId,
          timeoutMs: ctx.callTimeoutMs,
        });
        throw new McpError(code === "helpdesk_not_found" ? INVALID_PARAMS : INTERNAL_ERROR, text);
      }
    },
  );

  server.registerPrompt(
    "draft_handoff_note",
    {
      title: "Draft a handoff note",
      description:
        "Turns what a caller said into the 4-line handoff note, ready for note_render and handoff_submit.",
      argsSchema: {
        callerSaid: z.string().trim().min(1).describe("What the caller said, in their words or paraphrased"),
        callerNumber: z.string().optional().describe("The caller's phone number, if known"),
      },
    },
    ({ callerSaid, callerNumber }): GetPromptResult => {
      const t = ctx.taxonomy;
      const submit = callerNumber
        ? `submit it with handoff_submit, passing callerNumber "${callerNumber}"`
        : "submit it with handoff_submit, passing the caller's number as callerNumber if you can get it (without it, repeat calls are not deduplicated)";
      const text = [
        "Draft a handoff note for the technicians from what the caller said:",
        "",
        `"""${callerSaid}"""`,
        "",
        "Write exactly four lines, in this order:",
        `Category: <one of: ${t.categories.join(", ")}>`,
        `Reason: <why a person is needed, one of: ${t.escalationReasons.join(", ")}>`,
        "Summary: <one line, at most 200 characters: the problem, what was tried, since when>",
        "Confidence: <how sure you are of the category, from 0 to 1, e.g. 0.85>",
        "",
        `The whole note must be ${NOTE_LIMITS.handoff.min}–${NOTE_LIMITS.handoff.max} characters. Leave out anything personal the technician does not need (no card numbers, passwords or addresses).`,
        `Check the note with note_render and fix what it reports. When the user confirms, ${submit}.`,
      ].join("\n");
      return {
        description: "Draft a 4-line handoff note",
        messages: [{ role: "user", content: { type: "text", text } }],
      };
    },
  );
}
