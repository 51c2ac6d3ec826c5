import { HelpdeskError, METADATA_KINDS, type MetadataKind } from "@ispn/core";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { ServerContext } from "./context.ts";
import { errorCode, toolErrorText } from "./tool-errors.ts";

/** JSON-RPC error code for a resource that does not exist (MCP spec 2025-11-25). */
export const RESOURCE_NOT_FOUND = -32002;
/** JSON-RPC internal error, for helpdesk failures while reading. */
const INTERNAL_ERROR = -32603;
/** How many recent tickets `resources/list` offers. */
export const RECENT_TICKETS = 25;

const json = (uri: URL, value: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(value, null, 2) }],
});

const variable = (value: string | string[] | undefined): string =>
  decodeURIComponent((Array.isArray(value) ? value[0] : value) ?? "");

/**
 * Resources: `helpdesk://tickets/{id}` (a ticket and its notes; recent tickets listed),
 * `helpdesk://metadata/{kind}` (one lookup list) and `helpdesk://handoff-taxonomy`.
 * Failures are JSON-RPC errors whose message carries the same advice as the tools' errors.
 */
export function registerResources(server: McpServer, ctx: ServerContext): void {
  const guarded = async (
    uri: URL,
    extra: { signal: AbortSignal },
    read: (signal: AbortSignal) => Promise<ReadResourceResult>,
    ticketId?: string,
  ): Promise<ReadResourceResult> => {
    const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(ctx.callTimeoutMs)]);
    try {
      return await read(signal);
    } catch (error) {
      const code = errorCode(error);
      ctx.logger.warn({ resource: uri.protocol + uri.host, code }, "resource read failed");
      const text = await toolErrorText(error, {
        tool: `reading ${uri.href}`,
        timeoutMs: ctx.callTimeoutMs,
        ...(ticketId === undefined ? {} : { ticketId }),
      });
      const notFound = code === "helpdesk_not_found";
      throw new McpError(notFound ? RESOURCE_NOT_FOUND : INTERNAL_ERROR, text, { uri: uri.href });
    }
  };

  server.registerResource(
    "ticket",
    new ResourceTemplate("helpdesk://tickets/{id}", {
      list: async (extra) => {
        const page = await ctx.helpdesk.listTickets(
          { page: { rowCount: RECENT_TICKETS } },
          { signal: extra.signal },
        );
        return {
          resources: page.items.map((t) => ({
            uri: `helpdesk://tickets/${encodeURIComponent(t.id)}`,
            name: `#${t.displayId} ${t.subject}`,
            mimeType: "application/json",
          })),
        };
      },
    }),
    {
      title: "Ticket",
      description: "A ticket and its notes, as JSON. The list offers the most recent tickets.",
      mimeType: "application/json",
    },
    (uri, vars, extra) => {
      const id = variable(vars.id);
      return guarded(
        uri,
        extra,
        async (signal) => {
          const ticket = await ctx.helpdesk.getTicket(id, { signal });
          if (!ticket) throw new HelpdeskError("not_found", `No ticket ${id}`);
          const notes = await ctx.helpdesk.listNotes(id, { rowCount: 100 }, { signal });
          return json(uri, { ticket, notes: notes.items });
        },
        id,
      );
    },
  );

  server.registerResource(
    "metadata",
    new ResourceTemplate("helpdesk://metadata/{kind}", {
      list: async () => ({
        resources: METADATA_KINDS.map((kind) => ({
          uri: `helpdesk://metadata/${kind}`,
          name: `Valid ${kind.replace(/_/g, " ")}`,
          mimeType: "application/json",
        })),
      }),
      complete: { kind: (value) => METADATA_KINDS.filter((k) => k.startsWith(value)) },
    }),
    {
      title: "Helpdesk lookup list",
      description: `The values the helpdesk accepts for one lookup field: ${METADATA_KINDS.join(", ")}.`,
      mimeType: "application/json",
    },
    (uri, vars, extra) => {
      const kind = variable(vars.kind);
      if (!(METADATA_KINDS as readonly string[]).includes(kind)) {
        const valid = METADATA_KINDS.map((k) => `helpdesk://metadata/${k}`).join(", ");
        throw new McpError(RESOURCE_NOT_FOUND, `No lookup list "${kind}"; read one of: ${valid}`, {
          uri: uri.href,
        });
      }
      return guarded(uri, extra, async (signal) =>
        json(uri, { kind, items: await ctx.metadata.get(kind as MetadataKind, { signal }) }),
      );
    },
  );

  server.registerResource(
    "handoff-taxonomy",
    "helpdesk://handoff-taxonomy",
    {
      title: "Handoff taxonomy",
      description: "The categories, escalation reasons and sources a 4-line handoff note may use.",
      mimeType: "application/json",
    },
    (uri) => json(uri, ctx.taxonomy),
  );
}
