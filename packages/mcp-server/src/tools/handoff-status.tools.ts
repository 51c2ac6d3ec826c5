import { parseHandoffReference } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { handoffStatusSchema } from "../output-schemas.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";

/** `handoff_status`: what became of a handoff that was queued while the helpdesk could not take it. */
export function registerHandoffStatusTool(server: McpServer, ctx: ServerContext): void {
  defineTool(server, ctx, {
    name: "handoff_status",
    title: "Look up a queued handoff's reference",
    description:
      'When the helpdesk could not take a handoff in time, the caller was given a reference such as "H-7KQ3XM" instead of a ticket number. This tool says whether that handoff is still queued (and why) or has been delivered, and then gives its ticket number and id — use those with ticket_get or ticket_add_note. Spaces, dashes and lower case in the reference are fine.',
    input: {
      reference: z.string().describe('The reference the caller quotes, e.g. "H-7KQ3XM" or "h 7 k q 3 x m".'),
    },
    output: handoffStatusSchema.shape,
    // Reads the outbox only (no helpdesk call): read-only, idempotent, closed-world.
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args) {
      const reference = parseHandoffReference(args.reference);
      if (!reference) {
        throw new ToolInputError([
          {
            path: "reference",
            message: 'a reference is the letter H and six letters or digits, e.g. "H-7KQ3XM"',
          },
        ]);
      }
      const record = await ctx.outbox.lookup(reference);
      if (!record) {
        throw new ToolInputError(
          [
            {
              path: "reference",
              message: `no queued handoff has the reference ${reference}; check it with the caller`,
            },
          ],
          "Not found",
        );
      }
      if (record.state === "delivered") {
        return {
          reference,
          state: "delivered" as const,
          ticketId: record.ticket.id,
          ticketNumber: record.ticket.displayId,
          ticketUrl: record.ticket.url,
          created: record.created,
        };
      }
      return {
        reference,
        state: "queued" as const,
        queuedAt: new Date(record.entry.queuedAt).toISOString(),
        attempts: record.entry.attempts,
        ...(record.lastError ? { lastError: record.lastError } : {}),
      };
    },
  });
}
