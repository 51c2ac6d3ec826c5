import { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";

/** The audit resource's URI: the most recent writes. */
export const AUDIT_URI = "helpdesk://audit";

const entrySchema = z.object({
  at: z.string().describe("When (ISO 8601)"),
  actor: z.string().describe("Who: the person on the MCP token, or the local user for stdio"),
  via: z.string().describe("http, voice or stdio"),
  tool: z.string(),
  ticketId: z.string().optional(),
  outcome: z.enum(["ok", "error"]),
  code: z.string().optional().describe("Why it failed"),
  caller: z.string().optional().describe("The caller's number, masked"),
});

const view = <T extends { at: number }>(entry: T) => ({ ...entry, at: new Date(entry.at).toISOString() });

/** `audit_query`: who changed what through MCP. */
export function registerAuditTool(server: McpServer, ctx: ServerContext): void {
  defineTool(server, ctx, {
    name: "audit_query",
    title: "Who changed what",
    description: `Lists writes made through MCP (ticket creates, updates, closes, notes, handoffs), newest first: who, which tool, which ticket, when, and whether it worked. Filter by person (actor, exact name), tool, ticketId or since (ISO time). Caller numbers are masked.`,
    input: {
      actor: z.string().optional().describe("Exact name of the person, as in earlier results."),
      tool: z.string().optional().describe("A tool name, e.g. ticket_update."),
      ticketId: z.string().optional().describe("The ticket's id."),
      since: z
        .string()
        .optional()
        .describe("Only writes at or after this time (ISO 8601, e.g. 2026-11-30T09:00Z)."),
      limit: z
        .number()
        .int()
        .min(1)
        .max(AUDIT_MAX_LIMIT)
        .optional()
        .describe(`How many (default ${AUDIT_DEFAULT_LIMIT}).`),
    },
    output: { entries: z.array(entrySchema) },
    // Reads our own store only: read-only, idempotent, closed-world.
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args) {
      const since = args.since === undefined ? undefined : Date.parse(args.since);
      if (since !== undefined && Number.isNaN(since))
        throw new ToolInputError([
          { path: "since", message: "give an ISO 8601 time, e.g. 2026-11-30T09:00:00Z" },
        ]);
      const entries = await ctx.audit.query({
        ...(args.actor === undefined ? {} : { actor: args.actor }),
        ...(args.tool === undefined ? {} : { tool: args.tool }),
        ...(args.ticketId === undefined ? {} : { ticketId: args.ticketId }),
        ...(since === undefined ? {} : { since }),
        ...(args.limit === undefined ? {} : { limit: args.limit }),
      });
      return { entries: entries.map(view) };
    },
  });
}

/** `helpdesk://audit`: the most recent writes, as JSON. */
export function registerAuditResource(server: McpServer, ctx: ServerContext): void {
  server.registerResource(
    "audit",
    AUDIT_URI,
    {
      title: "Audit log",
      description: `The ${AUDIT_DEFAULT_LIMIT} most recent writes made through MCP (who, tool, ticket, outcome, when). Use audit_query to filter.`,
      mimeType: "application/json",
    },
    async (uri): Promise<ReadResourceResult> => {
      const entries = (await ctx.audit.query({})).map(view);
      return {
        contents: [
          { uri: uri.href, mimeType: "application/json", text: JSON.stringify({ entries }, null, 2) },
        ],
      };
    },
  );
}
