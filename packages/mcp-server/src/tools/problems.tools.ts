import type { LinkedRequestRef, SdpProblemInput, WireProblem } from "@ispn/sdp-client";
import { where } from "@ispn/sdp-client/search-criteria";
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
import { problemSchema, problemView } from "./module-views.ts";
import { resolveTicket, ticketRefField } from "./ticket-lookup.ts";

const problemId = recordIdField("problem", "problem_list or problem_create");
const NOT_FOUND = { field: "problemId", listTool: "problem_list" };
const problemModule: NotedModule<"problem", WireProblem, typeof problemSchema> = {
  record: "problem",
  id: problemId,
  notFound: NOT_FOUND,
  schema: problemSchema,
  view: problemView,
  api: (m) => m.problems,
};
const name = (what: string) =>
  z.string().trim().min(1).optional().describe(`${what} name (helpdesk_metadata).`);

const lookupFields = {
  priority: name("A priority"),
  impact: name("An impact"),
  urgency: name("An urgency"),
  category: name("A category"),
  group: name("A support group"),
  technician: z.string().trim().min(1).optional().describe("The technician's email, name or id."),
};

/** A person as SDP takes it: email, id or name. */
const userRef = (value: string) =>
  value.includes("@") ? { email_id: value } : /^\d+$/.test(value) ? { id: value } : { name: value };

type LookupArgs = { [K in keyof typeof lookupFields]?: string | undefined };

function problemInput(
  args: LookupArgs & { title?: string | undefined; description?: string | undefined },
): SdpProblemInput {
  const input: SdpProblemInput = {};
  if (args.title !== undefined) input.title = args.title;
  if (args.description !== undefined) input.description = args.description;
  for (const key of ["priority", "impact", "urgency", "category", "group"] as const) {
    const value = args[key];
    if (value !== undefined) input[key] = { name: value };
  }
  if (args.technician !== undefined) input.technician = userRef(args.technician);
  return input;
}

/** Problems: one record for an incident many requests share (an outage), with notes and linked requests. */
export function registerProblemTools(server: McpServer, ctx: ServerContext): void {
  defineTool(server, ctx, {
    name: "problem_list",
    title: "List problems",
    description:
      "Lists problems (incidents shared by many requests, such as an outage), newest first. Filter by status and by text in the title. Returns a page and nextCursor when there are more.",
    input: {
      status: z.string().trim().min(1).optional().describe('A status name, e.g. "Open" or "Closed".'),
      text: z.string().trim().min(1).optional().describe("Text the title contains."),
      ...modulePageFields,
    },
    output: { problems: z.array(problemSchema), nextCursor: nextCursorField },
    annotations: READ,
    async run(args, { signal }) {
      const criteria = [
        ...(args.status ? [where("status.name", "is", args.status)] : []),
        ...(args.text ? [where("title", "contains", args.text)] : []),
      ].map((c, i) => (i === 0 ? c : { ...c, logical_operator: "and" as const }));
      const { items, nextCursor } = await onModules(ctx, NOT_FOUND, false, (m) =>
        pageThrough(
          args,
          { tool: "problem_list", status: args.status, text: args.text },
          (page) =>
            m.problems.list({
              ...page,
              sortField: "created_time",
              sortOrder: "desc",
              ...(criteria.length > 0 ? { searchCriteria: criteria } : {}),
              signal,
            }),
          problemView,
        ),
      );
      return { problems: items, ...(nextCursor ? { nextCursor } : {}) };
    },
  });

  defineGetWithNotesTool(server, ctx, problemModule, "status, priority, root cause, symptoms, closure");

  defineTool(server, ctx, {
    name: "problem_create",
    title: "Create a problem",
    description:
      "Creates a problem: one record for an incident that many requests share (an outage, a faulty device model). Link the callers' requests to it with problem_link_requests. Not idempotent: each call creates a new problem, so check problem_list first.",
    input: {
      title: z.string().trim().min(1).max(250).describe('A short title, e.g. "Fibre cut on Elm St".'),
      description: z.string().optional().describe("What is known so far (HTML or plain text)."),
      ...lookupFields,
    },
    output: { problem: problemSchema },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal }) {
      return onModules(ctx, NOT_FOUND, true, async (m) => ({
        problem: problemView(await m.problems.create(problemInput(args), { signal })),
      }));
    },
  });

  defineTool(server, ctx, {
    name: "problem_update",
    title: "Update a problem",
    description:
      "Changes fields of a problem: title, description, status, priority, impact, urgency, category, group, technician, root cause, symptoms, impact details, known error. Only the given fields change; the values given replace the old ones.",
    input: {
      problemId,
      title: z.string().trim().min(1).max(250).optional(),
      description: z.string().optional().describe("Replaces the description (HTML or plain text)."),
      status: name("A status"),
      ...lookupFields,
      rootCause: z.string().optional().describe("The root cause, once known."),
      symptoms: z.string().optional(),
      impactDetails: z.string().optional().describe("Who and what is affected."),
      knownError: z
        .boolean()
        .optional()
        .describe("Mark the problem as a known error (cause known, workaround exists)."),
    },
    output: { problem: problemSchema },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      const input = problemInput(args);
      if (args.status !== undefined) input.status = { name: args.status };
      if (args.rootCause !== undefined) input.root_cause = { description: args.rootCause };
      if (args.symptoms !== undefined) input.symptoms = { description: args.symptoms };
      if (args.impactDetails !== undefined) input.impact_details = { description: args.impactDetails };
      if (args.knownError !== undefined) input.is_known_error = args.knownError;
      if (Object.keys(input).length === 0) {
        throw new ToolInputError([
          { path: "input", message: "give at least one field to change besides problemId" },
        ]);
      }
      return onModules(ctx, NOT_FOUND, true, async (m) => ({
        problem: problemView(await m.problems.update(args.problemId, input, { signal })),
      }));
    },
  });

  const linkedRef = z.object({ id: z.string(), number: z.string().optional() });
  defineTool(server, ctx, {
    name: "problem_close",
    title: "Close a problem",
    description:
      'Closes a problem (closure code from helpdesk_metadata kind=closure_codes, comments) and tells its linked tickets: linkedRequests "notify" (default) adds a public note with message to each open one, "close" closes each with message as its resolution, "leave" leaves them. At most maxRequests tickets per call; if the result is not complete (failed or pending tickets), call again with the same arguments: it finishes the rest and never notes a ticket twice.',
    input: {
      problemId,
      closureCode: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('e.g. "Success" (helpdesk_metadata kind=closure_codes).'),
      comments: z.string().optional().describe("What was done (on the problem, for technicians)."),
      linkedRequests: z
        .enum(["notify", "close", "leave"])
        .default("notify")
        .describe(
          'What happens to the linked tickets: "notify" (default) a public note, "close" closed with message as resolution, "leave" nothing.',
        ),
      message: z
        .string()
        .trim()
        .min(1)
        .max(5000)
        .optional()
        .describe(
          'What the callers read (note or resolution). Default: "The problem affecting this request is resolved: <problem title>."',
        ),
      requestClosureCode: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('Closure code of the closed tickets with linkedRequests "close", e.g. "Success".'),
      maxRequests: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(25)
        .describe("At most this many tickets are noted or closed per call (default 25)."),
    },
    output: {
      problem: problemSchema,
      linkedRequests: z.object({
        action: z.enum(["notify", "close", "leave"]),
        done: z.array(linkedRef).describe("Tickets noted or closed by this call."),
        alreadyDone: z.array(linkedRef).describe("Tickets already closed or already noted."),
        failed: z
          .array(linkedRef.extend({ error: z.string() }))
          .describe("Tickets whose note or close failed."),
        pending: z.array(linkedRef).describe("Tickets left for the next call (maxRequests reached)."),
      }),
      complete: z.boolean().describe("True when no ticket failed or is pending."),
      next: z.string().optional().describe("What to do when not complete."),
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      return onModules(ctx, NOT_FOUND, true, async (m) => {
        const message =
          args.message ??
          `The problem affecting this request is resolved: ${(await m.problems.get(args.problemId, { signal })).title ?? "the outage"}.`;
        const closure = await m.problems.closeWithRequests(
          args.problemId,
          {
            message,
            linkedRequests: args.linkedRequests,
            maxRequests: args.maxRequests,
            ...(args.closureCode === undefined ? {} : { closureCode: args.closureCode }),
            ...(args.comments === undefined ? {} : { comments: args.comments }),
            ...(args.requestClosureCode === undefined ? {} : { requestClosureCode: args.requestClosureCode }),
          },
          { signal },
        );
        const ref = (r: LinkedRequestRef) => ({ id: r.id, ...(r.displayId ? { number: r.displayId } : {}) });
        const { failed, pending } = closure;
        const complete = failed.length === 0 && pending.length === 0;
        return {
          problem: problemView(closure.problem),
          linkedRequests: {
            action: closure.action,
            done: closure.done.map(ref),
            alreadyDone: closure.alreadyDone.map(ref),
            failed: failed.map((r) => ({ ...ref(r), error: r.error })),
            pending: pending.map(ref),
          },
          complete,
          ...(complete
            ? {}
            : {
                next: `${failed.length} ticket(s) failed and ${pending.length} are pending: call problem_close again with the same arguments to finish them (tickets already done are skipped).`,
              }),
        };
      });
    },
  });

  defineAddNoteTool(server, ctx, problemModule, "progress, findings");

  const ticketIds = z
    .array(ticketRefField)
    .min(1)
    .max(50)
    .describe('Tickets (requests): their "id", or the short ticket number, e.g. "#1001".');
  /** The request ids of the given ticket references; an unknown one is an input error naming it. */
  const requestIdsOf = async (refs: readonly string[], signal: AbortSignal) => {
    const ids: string[] = [];
    for (const [i, ref] of refs.entries()) {
      const ticket = await resolveTicket(ctx, ref, signal);
      if (!ticket) {
        throw new ToolInputError([
          { path: `ticketIds[${i}]`, message: `no ticket "${ref}"; use ticket_search to find its id` },
        ]);
      }
      ids.push(ticket.id);
    }
    return ids;
  };

  defineTool(server, ctx, {
    name: "problem_link_requests",
    title: "Link tickets to a problem",
    description:
      "Links tickets (requests) to a problem, e.g. every caller's ticket of one outage. A ticket belongs to one problem: linking it here moves it from another. Linking again is harmless.",
    input: { problemId, ticketIds },
    output: { problemId: z.string(), linkedTicketIds: z.array(z.string()) },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      const ids = await requestIdsOf(args.ticketIds, signal);
      await onModules(ctx, NOT_FOUND, true, async (m) => {
        await m.problems.get(args.problemId, { signal }); // an unknown problem is "not found", not a bad link
        await m.problems.linkRequests(args.problemId, ids, { signal });
      });
      return { problemId: args.problemId, linkedTicketIds: ids };
    },
  });

  defineTool(server, ctx, {
    name: "problem_unlink_requests",
    title: "Unlink tickets from a problem",
    description:
      "Removes the link between tickets (requests) and a problem; the tickets and the problem stay.",
    input: { problemId, ticketIds },
    output: { problemId: z.string(), unlinkedTicketIds: z.array(z.string()) },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      const ids = await requestIdsOf(args.ticketIds, signal);
      await onModules(ctx, NOT_FOUND, true, async (m) => {
        await m.problems.get(args.problemId, { signal });
        await m.problems.unlinkRequests(args.problemId, ids, { signal });
      });
      return { problemId: args.problemId, unlinkedTicketIds: ids };
    },
  });
}
