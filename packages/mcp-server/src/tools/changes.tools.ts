import { type SearchCriterion, where } from "@ispn/sdp-client/search-criteria";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { signed } from "../attribution.ts";
import type { ServerContext } from "../context.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";
import {
  modulePageFields,
  nextCursorField,
  onModules,
  pageThrough,
  READ,
  recordIdField,
} from "./module-calls.ts";
import { changeSchema, changeView, moduleNoteSchema, moduleNoteView } from "./module-views.ts";

const changeId = recordIdField("change", "change_list");
const NOT_FOUND = { field: "changeId", listTool: "change_list" };
const when = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(`${what}, ISO-8601, e.g. "2026-12-01T14:00:00Z" or "2026-12-01".`);

function timeArg(value: string | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ToolInputError([
      { path, message: `"${value}" is not a date or time; use ISO-8601, e.g. 2026-12-01T14:00:00Z` },
    ]);
  }
  return ms;
}

/** Changes and planned maintenance, with their scheduled windows. */
export function registerChangeTools(server: McpServer, ctx: ServerContext): void {
  defineTool(server, ctx, {
    name: "change_list",
    title: "List changes and maintenance",
    description:
      'Lists changes (planned work and maintenance) with their scheduled window, earliest first. activeAt finds the maintenance in force at a time (e.g. now, to tell a caller "planned maintenance in your area until 14:00"); from/to find the windows overlapping a period.',
    input: {
      activeAt: when("Only changes whose scheduled window includes this time"),
      from: when("Only changes whose window ends at or after this time"),
      to: when("Only changes whose window starts at or before this time"),
      text: z.string().trim().min(1).optional().describe("Text the title contains, e.g. an area or street."),
      status: z.string().trim().min(1).optional().describe('A status name, e.g. "Scheduled".'),
      ...modulePageFields,
    },
    output: { changes: z.array(changeSchema), nextCursor: nextCursorField },
    annotations: READ,
    async run(args, { signal }) {
      const at = timeArg(args.activeAt, "activeAt");
      const from = at ?? timeArg(args.from, "from");
      const to = at ?? timeArg(args.to, "to");
      if (from !== undefined && to !== undefined && to < from) {
        throw new ToolInputError([{ path: "to", message: "must not be before from" }]);
      }
      const criteria: SearchCriterion[] = [
        ...(to === undefined ? [] : [where("scheduled_start_time", "lesser or equal", new Date(to))]),
        ...(from === undefined ? [] : [where("scheduled_end_time", "greater or equal", new Date(from))]),
        ...(args.text ? [where("title", "contains", args.text)] : []),
        ...(args.status ? [where("status.name", "is", args.status)] : []),
      ].map((c, i) => (i === 0 ? c : { ...c, logical_operator: "and" as const }));
      const { items, nextCursor } = await onModules(ctx, NOT_FOUND, false, (m) =>
        pageThrough(
          args,
          { tool: "change_list", from, to, text: args.text, status: args.status },
          (page) =>
            m.changes.list({ ...page, ...(criteria.length > 0 ? { searchCriteria: criteria } : {}), signal }),
          changeView,
        ),
      );
      return { changes: items, ...(nextCursor ? { nextCursor } : {}) };
    },
  });

  defineTool(server, ctx, {
    name: "change_get",
    title: "Get a change",
    description:
      "Returns one change in full (scheduled window, stage, status, type, risk, roll-out and back-out plans) and, unless includeNotes is false, its notes oldest first (up to 100).",
    input: {
      changeId,
      includeNotes: z.boolean().default(true).describe("Also return the change's notes (default true)."),
    },
    output: { change: changeSchema, notes: z.array(moduleNoteSchema).optional() },
    annotations: READ,
    async run(args, { signal }) {
      return onModules(ctx, NOT_FOUND, false, async (m) => {
        const change = changeView(await m.changes.get(args.changeId, { signal }));
        if (!args.includeNotes) return { change };
        const notes = await m.changes.notes.list(args.changeId, { rowCount: 100, signal });
        return { change, notes: notes.items.map(moduleNoteView) };
      });
    },
  });

  defineTool(server, ctx, {
    name: "change_add_note",
    title: "Add a note to a change",
    description:
      "Adds a note to a change (progress of the work, customer impact seen). Private to technicians unless public is true. Not idempotent: each call adds a note.",
    input: {
      changeId,
      note: z.string().trim().min(1).describe("The note (HTML or plain text)."),
      public: z.boolean().default(false).describe("Show the note to requesters (default false)."),
    },
    output: { note: moduleNoteSchema },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal, actor }) {
      return onModules(ctx, NOT_FOUND, true, async (m) => ({
        note: moduleNoteView(
          await m.changes.notes.add(
            args.changeId,
            { description: signed(args.note, actor), showToRequester: args.public },
            { signal },
          ),
        ),
      }));
    },
  });
}
