import { HelpdeskError } from "@ispn/core";
import type { ListPage } from "@ispn/sdp-client";
import { isSdpError, toHelpdeskError } from "@ispn/sdp-client/errors";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { decodeCursor, nextCursor, queryFingerprint } from "../cursor.ts";
import type { ServiceDeskModules } from "../service-desk-modules.ts";
import { ToolInputError } from "../tool-errors.ts";
import { DEFAULT_PAGE_SIZE } from "./ticket-fields.ts";

/** The id of a problem, change, solution, asset or project: a string (numbers are accepted). */
export function recordIdField(what: string, from: string) {
  return z
    .union([
      z.string().trim().min(1, `${what}Id is required`),
      z.number().int().nonnegative().refine(Number.isSafeInteger),
    ])
    .transform(String)
    .describe(`The ${what}'s "id" as a string (from ${from}).`);
}

/** When a record is not found: which argument, and where to find a valid one. */
export interface NotFoundAdvice {
  field: string;
  /** e.g. "problem_list". */
  listTool: string;
}

/**
 * Runs `work` on the ServiceDesk Plus modules and maps failures for the model: a record that does
 * not exist becomes an input error naming the argument and the tool that lists valid ids; every
 * other `SdpError` becomes the helpdesk error the ticket tools report (retry advice, valid values).
 */
export async function onModules<T>(
  ctx: ServerContext,
  notFound: NotFoundAdvice,
  write: boolean,
  work: (modules: ServiceDeskModules) => Promise<T>,
): Promise<T> {
  if (!ctx.modules) {
    throw new HelpdeskError(
      "misconfigured",
      "This helpdesk offers tickets only; problems, changes, solutions, assets and projects need HELPDESK=sdp (or the mock).",
    );
  }
  try {
    return await work(ctx.modules);
  } catch (error) {
    if (isSdpError(error, "not_found")) {
      throw new ToolInputError(
        [{ path: notFound.field, message: `no such record; use ${notFound.listTool} to find a valid id` }],
        "Not found",
      );
    }
    throw isSdpError(error) ? toHelpdeskError(error, write) : error;
  }
}

/** Page size and cursor of the module list tools. */
export const modulePageFields = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(`Items per page, 1–100 (default ${DEFAULT_PAGE_SIZE}).`),
  cursor: z.string().optional().describe("nextCursor from the previous page; leave out for the first page."),
};

/** Fetches the page a cursor names (the first without one) and answers the items and the next cursor. */
export async function pageThrough<W, V>(
  args: { limit?: number | undefined; cursor?: string | undefined },
  query: unknown,
  fetch: (page: { startIndex: number; rowCount: number }) => Promise<ListPage<W>>,
  view: (row: W) => V,
): Promise<{ items: V[]; nextCursor?: string }> {
  const fingerprint = queryFingerprint(query);
  const at = args.cursor
    ? decodeCursor(args.cursor, fingerprint)
    : { startIndex: 1, rowCount: DEFAULT_PAGE_SIZE };
  const rowCount = args.limit ?? at.rowCount;
  const page = await fetch({ startIndex: at.startIndex, rowCount });
  const next = nextCursor({ ...page, count: page.items.length }, rowCount, fingerprint);
  return { items: page.items.map(view), ...(next === undefined ? {} : { nextCursor: next }) };
}

export const nextCursorField = z
  .string()
  .optional()
  .describe("Pass as cursor to get the next page; absent on the last page.");

/** Read-only tools: not destructive, idempotent, about the helpdesk's changing contents. */
export const READ = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;
