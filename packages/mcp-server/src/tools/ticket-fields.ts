import type { MetadataKind, Person, TicketQuery } from "@ispn/core";
import { z } from "zod";
import { compact } from "../compact.ts";
import type { ServerContext } from "../context.ts";
import { ToolInputError } from "../tool-errors.ts";

/** Input fields shared by the ticket tools. */

export const ticketIdField = z
  .union([
    z.string().trim().min(1, "ticketId is required"),
    // Some clients send numeric-looking ids as numbers; beyond 2^53 the digits are already lost.
    z
      .number()
      .int()
      .nonnegative()
      .refine(
        Number.isSafeInteger,
        'ticketId is too long to send as a number; send it as a string, e.g. "123640000001001013"',
      ),
  ])
  .transform(String)
  .describe(
    'The ticket\'s "id" as a string (from ticket_list, ticket_search, or ticketId of a handoff result), not its short display number.',
  );

/** A priority by name, optional: a ticket filter, a task's priority. */
export const priorityNameField = z
  .string()
  .trim()
  .min(1)
  .optional()
  .describe("A priority name (helpdesk_metadata kind=priorities).");

/** The filters of ticket_list and ticket_search. */
export const filterFields = {
  status: z
    .union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1).max(10)])
    .optional()
    .describe(
      'A status or a list of them, e.g. "Open" or ["Open","In Progress","On Hold"] (helpdesk_metadata kind=statuses).',
    ),
  category: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("A category name (helpdesk_metadata kind=categories)."),
  priority: priorityNameField,
  technician: z.string().trim().min(1).optional().describe("The assigned technician's name, email or id."),
  createdAfter: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      'Only tickets created after this ISO-8601 date or time, e.g. "2025-06-01" or "2025-06-01T08:00:00Z".',
    ),
};

/** Page size and cursor, shared by every listing tool. */
export const pageFields = {
  limit: z.number().int().min(1).max(100).optional().describe("Items per page, 1–100 (default 20)."),
  cursor: z.string().optional().describe("nextCursor from the previous page; leave out for the first page."),
};

export const DEFAULT_PAGE_SIZE = 20;

type FilterArgs = { [K in keyof typeof filterFields]?: z.output<(typeof filterFields)[K]> | undefined };

/**
 * The port's query for the filter arguments. Checks status, category and priority against the
 * helpdesk's lists (when they can be fetched), so a misspelt value is an error naming the valid
 * ones instead of an empty page.
 */
export async function toTicketQuery(ctx: ServerContext, args: FilterArgs): Promise<TicketQuery> {
  const issues: { path: string; message: string }[] = [];
  const check = async (path: string, kind: MetadataKind, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    const valid = await ctx.metadata.names(kind);
    if (!valid) return;
    const known = new Set(valid.map((v) => v.toLowerCase()));
    const bad = values.filter((v) => !known.has(v.toLowerCase()));
    if (bad.length > 0) {
      issues.push({
        path,
        message: `${bad.map((b) => `"${b}"`).join(", ")} not known; valid values: ${valid.join(", ")}`,
      });
    }
  };
  const status = typeof args.status === "string" ? [args.status] : args.status;
  await check("status", "statuses", status);
  await check("category", "categories", args.category === undefined ? undefined : [args.category]);
  await check("priority", "priorities", args.priority === undefined ? undefined : [args.priority]);
  let createdAfter: string | undefined;
  if (args.createdAfter !== undefined) {
    const time = Date.parse(args.createdAfter);
    if (Number.isNaN(time)) {
      issues.push({
        path: "createdAfter",
        message: `"${args.createdAfter}" is not an ISO-8601 date, e.g. 2025-06-01`,
      });
    } else {
      createdAfter = new Date(time).toISOString();
    }
  }
  if (issues.length > 0) throw new ToolInputError(issues, "The filters were not accepted");
  return compact({
    status: args.status,
    category: args.category,
    priority: args.priority,
    technician: args.technician,
    createdAfter,
  });
}

/** A person from tool arguments, without `undefined` members. */
export function toPerson(p: {
  id?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}): Person {
  return compact(p);
}
