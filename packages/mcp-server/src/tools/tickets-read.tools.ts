import { HelpdeskError, type TicketQuery } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { decodeCursor, nextCursor, queryFingerprint } from "../cursor.ts";
import { noteSchema, ticketPageSchema, ticketSchema } from "../output-schemas.ts";
import { toTicketSummary } from "../ticket-view.ts";
import { defineTool } from "./define-tool.ts";
import {
  DEFAULT_PAGE_SIZE,
  filterFields,
  pageFields,
  ticketIdField,
  toTicketQuery,
} from "./ticket-fields.ts";
import { resolveTicket, searchTextOf, ticketNumberIn, ticketRefField } from "./ticket-lookup.ts";

// Every tool here only reads: read-only (so not destructive) and idempotent. They ask the
// helpdesk, whose contents change under them: open world.
const READ = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

/** The page to fetch: from the cursor when given (it must belong to the same query), else the first. */
function pageOf(args: { limit?: number | undefined; cursor?: string | undefined }, fingerprint: string) {
  const page = args.cursor
    ? decodeCursor(args.cursor, fingerprint)
    : { startIndex: 1, rowCount: DEFAULT_PAGE_SIZE };
  return { startIndex: page.startIndex, rowCount: args.limit ?? page.rowCount };
}

/** The ticket tools that only read: get, list, search, list notes. */
export function registerTicketReadTools(server: McpServer, ctx: ServerContext): void {
  const listTickets = async (
    tool: string,
    args: { limit?: number | undefined; cursor?: string | undefined },
    query: TicketQuery,
    fetch: (query: TicketQuery) => ReturnType<ServerContext["helpdesk"]["listTickets"]>,
    text?: string,
  ) => {
    const fingerprint = queryFingerprint({ tool, text, ...query });
    const page = pageOf(args, fingerprint);
    const result = await fetch({ ...query, page });
    const next = nextCursor({ ...result, count: result.items.length }, page.rowCount, fingerprint);
    return {
      tickets: result.items.map(toTicketSummary),
      startIndex: result.startIndex,
      ...(result.total === undefined ? {} : { total: result.total }),
      ...(next === undefined ? {} : { nextCursor: next }),
    };
  };

  defineTool(server, ctx, {
    name: "ticket_get",
    title: "Get a ticket",
    description:
      'Returns one ticket in full (subject, description, status, priority, people, resolution) and, unless includeNotes is false, its notes oldest first (up to 100). ticketId may be the ticket\'s id or the short ticket number the caller was told ("1001" or "#1001").',
    input: {
      ticketId: ticketRefField,
      includeNotes: z.boolean().default(true).describe("Also return the ticket's notes (default true)."),
    },
    output: {
      ticket: ticketSchema,
      notes: z.array(noteSchema).optional(),
      moreNotes: z
        .boolean()
        .optional()
        .describe("true when the ticket has more than the notes returned; see ticket_list_notes"),
    },
    annotations: READ,
    async run(args, { signal }) {
      const ticket = await resolveTicket(ctx, args.ticketId, signal);
      if (!ticket) throw new HelpdeskError("not_found", `No ticket with id or number ${args.ticketId}`);
      if (!args.includeNotes) return { ticket };
      const notes = await ctx.helpdesk.listNotes(ticket.id, { rowCount: 100 }, { signal });
      return { ticket, notes: notes.items, moreNotes: notes.hasMore };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_list",
    title: "List tickets",
    description:
      "Lists tickets newest first, optionally filtered by status, category, priority, technician and creation time. Descriptions are cut to an excerpt (use ticket_get for a full ticket). When nextCursor is returned, call again with it and the same filters for the next page.",
    input: { ...filterFields, ...pageFields },
    output: ticketPageSchema.shape,
    annotations: READ,
    async run(args, { signal }) {
      const query = await toTicketQuery(ctx, args);
      return listTickets("ticket_list", args, query, (q) => ctx.helpdesk.listTickets(q, { signal }));
    },
  });

  defineTool(server, ctx, {
    name: "ticket_search",
    title: "Search tickets",
    description:
      'Searches ticket subjects and descriptions for text (newest first), with the same filters and paging as ticket_list. A phone number in any format ("(415) 555-0123") finds the tickets of that caller; a ticket number ("1001" or "#1001") puts that ticket first. Use it to find a ticket before creating one, or after an error that says a create may have happened.',
    input: {
      text: z
        .string()
        .trim()
        .min(2, "text must be at least 2 characters")
        .max(200)
        .describe("Words, a caller's phone number or a ticket number to look for."),
      ...filterFields,
      ...pageFields,
    },
    output: ticketPageSchema.shape,
    annotations: READ,
    async run(args, { signal }) {
      const query = await toTicketQuery(ctx, args);
      const text = searchTextOf(args.text, ctx.phoneRegion);
      const found = await listTickets(
        "ticket_search",
        args,
        query,
        (q) => ctx.helpdesk.searchTickets(text, q, { signal }),
        args.text,
      );
      const number = args.cursor === undefined ? ticketNumberIn(args.text) : undefined;
      const numbered =
        number === undefined ? undefined : await ctx.helpdesk.findTicketByNumber(number, { signal });
      if (!numbered) return found;
      const rest = found.tickets.filter((t) => t.id !== numbered.id);
      return { ...found, tickets: [toTicketSummary(numbered), ...rest] };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_list_notes",
    title: "List a ticket's notes",
    description: "Lists the notes of one ticket, oldest first, a page at a time.",
    input: { ticketId: ticketIdField, ...pageFields },
    output: {
      notes: z.array(noteSchema),
      startIndex: z.number().int(),
      total: z.number().int().optional(),
      nextCursor: z.string().optional().describe("Pass as cursor for the next page; absent on the last page"),
    },
    annotations: READ,
    async run(args, { signal }) {
      const fingerprint = queryFingerprint({ tool: "ticket_list_notes", ticketId: args.ticketId });
      const page = pageOf(args, fingerprint);
      const result = await ctx.helpdesk.listNotes(args.ticketId, page, { signal });
      const next = nextCursor({ ...result, count: result.items.length }, page.rowCount, fingerprint);
      return {
        notes: result.items,
        startIndex: result.startIndex,
        ...(result.total === undefined ? {} : { total: result.total }),
        ...(next === undefined ? {} : { nextCursor: next }),
      };
    },
  });
}
