import { HelpdeskError, type Page, type RequestWork } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { compact } from "../compact.ts";
import type { ServerContext } from "../context.ts";
import { decodeCursor, nextCursor, queryFingerprint } from "../cursor.ts";
import { ticketSchema } from "../output-schemas.ts";
import { ToolInputError } from "../tool-errors.ts";
import { pageResultFields, taskSchema, worklogSchema } from "../work-output-schemas.ts";
import { defineTool } from "./define-tool.ts";
import {
  DEFAULT_PAGE_SIZE,
  pageFields,
  priorityNameField,
  ticketIdField,
  toPerson,
} from "./ticket-fields.ts";

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
const personField = z
  .object({
    id: z.string().trim().min(1).optional(),
    name: z.string().trim().min(1).optional(),
    email: z.string().trim().min(1).optional(),
  })
  .refine((p) => p.id || p.name || p.email, "give at least one of id, name, email");
const technicianField = personField.describe(
  "A technician: at least one of id, name, email (helpdesk_assignees lists them).",
);
const groupField = z.string().trim().min(1).describe("A group name (helpdesk_assignees lists them).");
const isoField = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 time, e.g. 2026-11-30T14:00:00Z")
    .describe(`${what}, ISO-8601, e.g. 2026-11-30T14:00:00Z.`);
/** Who does a task, its priority and when it is due: set by ticket_task_add, changed by ticket_task_update. */
const taskPlanFields = {
  owner: technicianField.optional(),
  group: groupField.optional(),
  priority: priorityNameField,
  scheduledEnd: isoField("When it should be done").optional(),
};

/** One page of a per-ticket list, from a cursor when given. */
async function listPage<T>(
  args: { ticketId: string; limit?: number | undefined; cursor?: string | undefined },
  kind: string,
  fetch: (page: { startIndex: number; rowCount: number }) => Promise<Page<T>>,
) {
  const fingerprint = queryFingerprint({ kind, ticketId: args.ticketId });
  const start = args.cursor
    ? decodeCursor(args.cursor, fingerprint)
    : { startIndex: 1, rowCount: DEFAULT_PAGE_SIZE };
  const rowCount = args.limit ?? start.rowCount;
  const page = await fetch({ startIndex: start.startIndex, rowCount });
  const next = nextCursor({ ...page, count: page.items.length }, rowCount, fingerprint);
  return {
    items: page.items,
    startIndex: page.startIndex,
    hasMore: page.hasMore,
    ...(next ? { nextCursor: next } : {}),
  };
}

/**
 * A `not_found` on a task is about the ticket or the task: ask the helpdesk which, so the advice
 * names the right id.
 */
async function taskNotFound(ctx: ServerContext, ticketId: string, error: unknown, signal: AbortSignal) {
  if (!(error instanceof HelpdeskError) || error.code !== "not_found") return error;
  const ticket = await ctx.helpdesk.getTicket(ticketId, { signal }).catch(() => undefined);
  if (!ticket) return error;
  return new ToolInputError([
    {
      path: "taskId",
      message: `ticket ${ticketId} has no such task; call ticket_task_list for its task ids`,
    },
  ]);
}

/** Tools for the work on a ticket: tasks, worklogs, pick-up, assignment, and who can be assigned. */
export function registerRequestWorkTools(server: McpServer, ctx: ServerContext, work: RequestWork): void {
  defineTool(server, ctx, {
    name: "ticket_task_add",
    title: "Add a task to a ticket",
    description:
      "Adds a task (a piece of work to do for the ticket, e.g. 'replace the ONT') with an optional owner, group, priority and due time. Returns the task; its id is what ticket_task_update takes.",
    input: {
      ticketId: ticketIdField,
      title: z.string().trim().min(1, "title is required").max(250).describe("What to do, one line."),
      description: z.string().max(5000).optional().describe("Details (plain text)."),
      ...taskPlanFields,
    },
    output: { task: taskSchema },
    // Adds a task and changes nothing else. Not idempotent: each call adds another task.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal }) {
      const { ticketId, owner, ...rest } = args;
      const task = await work.addTask(
        ticketId,
        { ...compact(rest), title: rest.title, ...(owner ? { owner: toPerson(owner) } : {}) },
        { signal },
      );
      return { task };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_task_list",
    title: "List a ticket's tasks",
    description:
      "Lists the tasks of a ticket, oldest first, with status, owner and group. When nextCursor is returned, call again with it for the next page.",
    input: { ticketId: ticketIdField, ...pageFields },
    output: { tasks: z.array(taskSchema), ...pageResultFields },
    annotations: READ,
    async run(args, { signal }) {
      const { items, ...page } = await listPage(args, "tasks", (p) =>
        work.listTasks(args.ticketId, p, { signal }),
      );
      return { tasks: items, ...page };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_task_update",
    title: "Update or close a task",
    description:
      'Changes a task of a ticket; only the fields given change. status "Closed" closes the task (statuses: Open, In Progress, On Hold, Resolved, Closed). Returns the task.',
    input: {
      ticketId: ticketIdField,
      taskId: z
        .string()
        .trim()
        .min(1, "taskId is required")
        .describe("The task's id (from ticket_task_list)."),
      title: z.string().trim().min(1).max(250).optional().describe("Replaces the title."),
      description: z.string().max(5000).optional().describe("Replaces the description."),
      status: z.string().trim().min(1).optional().describe('e.g. "In Progress" or "Closed".'),
      ...taskPlanFields,
    },
    output: { task: taskSchema },
    // Replaces the given fields: destructive. The same call twice leaves the same task: idempotent.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      const { ticketId, taskId, owner, ...rest } = args;
      const patch = { ...compact(rest), ...(owner ? { owner: toPerson(owner) } : {}) };
      if (Object.keys(patch).length === 0) {
        throw new ToolInputError([{ path: "", message: "give at least one field to change, e.g. status" }]);
      }
      try {
        return { task: await work.updateTask(ticketId, taskId, patch, { signal }) };
      } catch (error) {
        throw await taskNotFound(ctx, ticketId, error, signal);
      }
    },
  });

  defineTool(server, ctx, {
    name: "ticket_worklog_add",
    title: "Log time on a ticket",
    description:
      "Records time spent on a ticket (a worklog): minutes, what was done, and by which technician (default: the helpdesk account this server uses). Returns the worklog.",
    input: {
      ticketId: ticketIdField,
      minutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .describe("Time spent, whole minutes (1–1440), e.g. 30."),
      description: z.string().max(5000).optional().describe("What was done (plain text)."),
      technician: technicianField.optional(),
      startedAt: isoField("When the work started (default: minutes before now)").optional(),
    },
    output: { worklog: worklogSchema },
    // Adds a worklog. Not idempotent: each call logs the time again.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal }) {
      const { ticketId, technician, ...rest } = args;
      const worklog = await work.addWorklog(
        ticketId,
        {
          ...compact(rest),
          minutes: rest.minutes,
          ...(technician ? { technician: toPerson(technician) } : {}),
        },
        { signal },
      );
      return { worklog };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_worklog_list",
    title: "List time logged on a ticket",
    description:
      "Lists a ticket's worklogs oldest first (minutes, technician, description) and the total minutes of the page. When nextCursor is returned, call again with it for the next page.",
    input: { ticketId: ticketIdField, ...pageFields },
    output: {
      worklogs: z.array(worklogSchema),
      totalMinutes: z.number().int().describe("Sum of the minutes on this page"),
      ...pageResultFields,
    },
    annotations: READ,
    async run(args, { signal }) {
      const { items, ...page } = await listPage(args, "worklogs", (p) =>
        work.listWorklogs(args.ticketId, p, { signal }),
      );
      return { worklogs: items, totalMinutes: items.reduce((sum, w) => sum + w.minutes, 0), ...page };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_pick_up",
    title: "Pick up a ticket",
    description:
      "Assigns the ticket to the technician of the helpdesk account this server uses (SDP's pick-up). To assign someone else, use ticket_assign. Returns the ticket.",
    input: { ticketId: ticketIdField },
    output: { ticket: ticketSchema },
    // Replaces the current technician: destructive. Repeating it changes nothing more: idempotent.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      return { ticket: await work.pickUp(args.ticketId, { signal }) };
    },
  });

  defineTool(server, ctx, {
    name: "ticket_assign",
    title: "Assign a ticket",
    description:
      "Assigns a ticket to a technician, a group, or both (helpdesk_assignees lists them). Returns the ticket.",
    input: { ticketId: ticketIdField, technician: technicianField.optional(), group: groupField.optional() },
    output: { ticket: ticketSchema },
    // Replaces the current technician/group: destructive. The same call twice: same result.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      if (!args.technician && args.group === undefined) {
        throw new ToolInputError([
          {
            path: "technician",
            message: "give a technician, a group, or both (helpdesk_assignees lists them)",
          },
        ]);
      }
      const ticket = await work.assign(
        args.ticketId,
        {
          ...(args.technician ? { technician: toPerson(args.technician) } : {}),
          ...(args.group === undefined ? {} : { group: args.group }),
        },
        { signal },
      );
      return { ticket };
    },
  });

  defineTool(server, ctx, {
    name: "helpdesk_assignees",
    title: "List technicians and groups",
    description:
      "Lists who a ticket can be assigned to: the helpdesk's technicians (name, email, id) and groups. Cached for a few minutes.",
    input: {},
    output: {
      technicians: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().optional() })),
      groups: z.array(z.object({ id: z.string(), name: z.string() })),
    },
    annotations: READ,
    async run(_args, { signal }) {
      const [technicians, groups] = await Promise.all([
        ctx.metadata.get("technicians", { signal }),
        ctx.metadata.get("groups", { signal }),
      ]);
      return {
        technicians: technicians.map((t) => ({
          id: t.id,
          name: t.name,
          ...(t.detail ? { email: t.detail } : {}),
        })),
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
      };
    },
  });
}
