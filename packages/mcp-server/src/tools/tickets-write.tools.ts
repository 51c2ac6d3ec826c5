import {
  addNoteSchema,
  closeTicketSchema,
  createTicketSchema,
  fromZodIssues,
  type UpdateTicketInput,
  updateTicketSchema,
} from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { attributionLine, signed } from "../attribution.ts";
import { compact } from "../compact.ts";
import type { ServerContext } from "../context.ts";
import { noteSchema, ticketSchema } from "../output-schemas.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";
import { ticketIdField, toPerson } from "./ticket-fields.ts";

const lookup = (kind: string) => `Must be a name the helpdesk knows (helpdesk_metadata kind=${kind}).`;
const person = "A person: give at least one of id, name, email (helpdesk_metadata kind=technicians).";

/** The ticket tools that change the helpdesk: create, update, close, add a note. */
export function registerTicketWriteTools(server: McpServer, ctx: ServerContext): void {
  const c = createTicketSchema.shape;
  defineTool(server, ctx, {
    name: "ticket_create",
    title: "Create a ticket",
    description:
      "Creates a new ticket. For a customer's call with a known phone number use ticket_find_or_create instead, which avoids duplicates. Search first (ticket_search) if the problem may already be ticketed. Returns the new ticket.",
    input: {
      ...c,
      subject: c.subject.describe("A one-line title, 3–250 characters."),
      description: c.description.describe("What happened and what was tried (plain text)."),
      category: c.category.describe(lookup("categories")),
      subcategory: c.subcategory.describe(lookup("subcategories")),
      priority: c.priority.describe(lookup("priorities")),
      template: c.template.describe(lookup("templates")),
      group: c.group.describe(lookup("groups")),
      technician: c.technician.describe(person),
      requester: c.requester.describe("The customer: give at least one of name, email, phone."),
    },
    output: { ticket: ticketSchema },
    // Adds a ticket and changes nothing else: not destructive. Not idempotent: every call
    // creates another ticket. Open world: the helpdesk.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal, actor }) {
      const { technician, requester, ...rest } = args;
      const ticket = await ctx.helpdesk.createTicket(
        {
          ...compact(rest),
          subject: rest.subject,
          description: signed(rest.description, actor),
          ...(technician ? { technician: toPerson(technician) } : {}),
          ...(requester ? { requester: toPerson(requester) } : {}),
        },
        { signal },
      );
      return { ticket };
    },
  });

  const u = updateTicketSchema.shape;
  defineTool(server, ctx, {
    name: "ticket_update",
    title: "Update a ticket",
    description:
      "Changes fields of a ticket (status, priority, category, group, technician, subject, description, resolution); only the fields given change. To close a ticket prefer ticket_close. Returns the updated ticket.",
    input: {
      ticketId: ticketIdField,
      ...u,
      status: u.status.describe(lookup("statuses")),
      priority: u.priority.describe(lookup("priorities")),
      category: u.category.describe(lookup("categories")),
      subcategory: u.subcategory.describe(lookup("subcategories")),
      group: u.group.describe(lookup("groups")),
      technician: u.technician.describe(person),
      subject: u.subject.describe("Replaces the subject."),
      description: u.description.describe("Replaces the whole description."),
      resolution: u.resolution.describe("Replaces the resolution text."),
    },
    output: { ticket: ticketSchema },
    // Destructive: subject, description and resolution are replaced, not appended, and a status
    // change can resolve or close the ticket. Idempotent: the same patch twice leaves the ticket as
    // after the first. Open world: the helpdesk.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal, actor }) {
      const { ticketId, ...fields } = args;
      const parsed = updateTicketSchema.safeParse(fields);
      if (!parsed.success)
        throw new ToolInputError(fromZodIssues(parsed.error.issues), "Nothing was changed");
      const { technician, ...rest } = parsed.data;
      const patch: UpdateTicketInput = {
        ...compact(rest),
        ...(technician ? { technician: toPerson(technician) } : {}),
      };
      const ticket = await ctx.helpdesk.updateTicket(ticketId, patch, { signal });
      if (actor) {
        // the update itself carries no author: a private note says who changed which fields
        const changed = Object.keys(patch).join(", ");
        await ctx.helpdesk
          .addNote(
            ticket.id,
            { body: `Updated ${changed} ${attributionLine(actor)}`, public: false },
            { signal },
          )
          .catch((error: unknown) =>
            ctx.logger.warn(
              { tool: "ticket_update", err: (error as Error).message },
              "attribution note not added",
            ),
          );
      }
      return { ticket };
    },
  });

  const k = closeTicketSchema.shape;
  defineTool(server, ctx, {
    name: "ticket_close",
    title: "Close a ticket",
    description:
      "Closes a ticket, with an optional closure code, comments and resolution. Closing ends the ticket's deduplication window: the customer's next handoff opens a new ticket. Some helpdesks need a resolution to close; the error says so.",
    input: {
      ticketId: ticketIdField,
      closureCode: k.closureCode.describe(`${lookup("closure_codes")} E.g. Success.`),
      comments: k.comments.describe("Closing comments."),
      resolution: k.resolution.describe("What fixed the problem; recorded before closing."),
    },
    output: { ticket: ticketSchema },
    // Destructive: it ends the ticket's life (and its dedup window). Idempotent: closing a closed
    // ticket leaves it closed. Open world: the helpdesk.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    async run(args, { signal, actor }) {
      const { ticketId, ...input } = args;
      const comments = actor ? signed(input.comments ?? "Closed", actor) : input.comments;
      return {
        ticket: await ctx.helpdesk.closeTicket(ticketId, compact({ ...input, comments }), { signal }),
      };
    },
  });

  const n = addNoteSchema.shape;
  defineTool(server, ctx, {
    name: "ticket_add_note",
    title: "Add a note to a ticket",
    description:
      "Adds a note to a ticket: private to technicians by default, or visible to the customer with public=true. Returns the note.",
    input: {
      ticketId: ticketIdField,
      body: n.body.describe("The note, plain text, 10–1000 characters."),
      public: n.public.describe("Visible to the customer (default false)."),
    },
    output: { note: noteSchema },
    // Appends only: not destructive. Not idempotent: each call adds another note.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal, actor }) {
      const note = await ctx.helpdesk.addNote(
        args.ticketId,
        { body: signed(args.body, actor), public: args.public },
        { signal },
      );
      return { note };
    },
  });
}
