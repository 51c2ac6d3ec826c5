import type { WireChange } from "@ispn/sdp-client";
import { type SearchCriterion, where } from "@ispn/sdp-client/search-criteria";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
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
import { defineAddNoteTool, defineGetWithNotesTool, type NotedModule } from "./module-note-tools.ts";
import { changeSchema, changeView } from "./module-views.ts";

const changeId = recordIdField("change", "change_list");
const NOT_FOUND = { field: "changeId", listTool: "change_list" };
const changeModule: NotedModule<"change", WireChange, typeof changeSchema> = {
  record: "change",
  id: changeId,
  notFound: NOT_FOUND,
  schema: changeSchema,
  view: changeView,
  api: (m) => m.changes,
};
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

  defineGetWithNotesTool(
    server,
    ctx,
    changeModule,
    "scheduled window, stage, status, type, risk, roll-out and back-out plans",
  );
  defineAddNoteTool(server, ctx, changeModule, "progress of the work, customer impact seen");
}
