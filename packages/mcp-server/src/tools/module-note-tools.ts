import type { ModuleNotesApi } from "@ispn/sdp-client";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { signed } from "../attribution.ts";
import type { ServerContext } from "../context.ts";
import type { ServiceDeskModules } from "../service-desk-modules.ts";
import { defineTool } from "./define-tool.ts";
import { type NotFoundAdvice, onModules, READ, type recordIdField } from "./module-calls.ts";
import { moduleNoteSchema, moduleNoteView } from "./module-views.ts";

/** A ServiceDesk Plus module whose records have notes (problems, changes). */
export interface NotedModule<R extends string, W, S extends z.ZodType> {
  /** The record's name in tool names and results, e.g. "change" (tools `change_get`, `change_add_note`). */
  record: R;
  /** The id argument (`<record>Id`). */
  id: ReturnType<typeof recordIdField>;
  notFound: NotFoundAdvice;
  schema: S;
  view(wire: W): z.output<S>;
  api(modules: ServiceDeskModules): {
    get(id: string, options: { signal: AbortSignal }): Promise<W>;
    notes: ModuleNotesApi;
  };
}

// The id argument's key depends on the record, which TypeScript cannot follow through the input
// schema's generic shape: the tools read their arguments with these types (the schemas guarantee them).
type IdArgs = { id: string };
const withId = <A>(args: object, idKey: string): A & IdArgs =>
  ({ ...args, id: (args as Record<string, string>)[idKey] }) as A & IdArgs;

/** `<record>_get`: one record in full and, unless includeNotes is false, its notes (up to 100). */
export function defineGetWithNotesTool<R extends string, W, S extends z.ZodType>(
  server: McpServer,
  ctx: ServerContext,
  module: NotedModule<R, W, S>,
  /** What the full record holds, e.g. "status, priority, root cause". */
  holds: string,
): void {
  const { record } = module;
  const idKey = `${record}Id`;
  defineTool(server, ctx, {
    name: `${record}_get`,
    title: `Get a ${record}`,
    description: `Returns one ${record} in full (${holds}) and, unless includeNotes is false, its notes oldest first (up to 100).`,
    input: {
      [idKey]: module.id,
      includeNotes: z.boolean().default(true).describe(`Also return the ${record}'s notes (default true).`),
    },
    output: { [record]: module.schema, notes: z.array(moduleNoteSchema).optional() } as Record<R, S> & {
      notes: z.ZodOptional<z.ZodArray<typeof moduleNoteSchema>>;
    },
    annotations: READ,
    async run(args, { signal }) {
      const { id, includeNotes } = withId<{ includeNotes: boolean }>(args, idKey);
      return onModules(ctx, module.notFound, false, async (m) => {
        const api = module.api(m);
        const view = module.view(await api.get(id, { signal }));
        if (!includeNotes) return { [record]: view } as never;
        const notes = await api.notes.list(id, { rowCount: 100, signal });
        return { [record]: view, notes: notes.items.map(moduleNoteView) } as never;
      });
    },
  });
}

/** `<record>_add_note`: adds a signed note, private unless public is true. */
export function defineAddNoteTool<R extends string, W, S extends z.ZodType>(
  server: McpServer,
  ctx: ServerContext,
  module: NotedModule<R, W, S>,
  /** What such a note records, e.g. "progress, findings". */
  about: string,
): void {
  const { record } = module;
  const idKey = `${record}Id`;
  defineTool(server, ctx, {
    name: `${record}_add_note`,
    title: `Add a note to a ${record}`,
    description: `Adds a note to a ${record} (${about}). Private to technicians unless public is true. Not idempotent: each call adds a note.`,
    input: {
      [idKey]: module.id,
      note: z.string().trim().min(1).describe("The note (HTML or plain text)."),
      public: z.boolean().default(false).describe("Show the note to requesters (default false)."),
    },
    output: { note: moduleNoteSchema },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal, actor }) {
      const { id, note, public: showToRequester } = withId<{ note: string; public: boolean }>(args, idKey);
      return onModules(ctx, module.notFound, true, async (m) => ({
        note: moduleNoteView(
          await module
            .api(m)
            .notes.add(id, { description: signed(note, actor), showToRequester }, { signal }),
        ),
      }));
    },
  });
}
