import { METADATA_KINDS, type MetadataItem, type MetadataKind } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { metadataItemSchema, metadataKindSchema, taxonomySchema } from "../output-schemas.ts";
import { defineTool } from "./define-tool.ts";

/** Every lookup list at once; kinds the helpdesk refuses are named instead of failing the whole call. */
export async function allMetadata(
  ctx: ServerContext,
  kinds: readonly MetadataKind[],
  signal?: AbortSignal,
): Promise<{ metadata: Partial<Record<MetadataKind, MetadataItem[]>>; unavailable: MetadataKind[] }> {
  const settled = await Promise.allSettled(
    kinds.map((kind) => ctx.metadata.get(kind, signal ? { signal } : {})),
  );
  const metadata: Partial<Record<MetadataKind, MetadataItem[]>> = {};
  const unavailable: MetadataKind[] = [];
  settled.forEach((outcome, i) => {
    const kind = kinds[i]!;
    if (outcome.status === "fulfilled") metadata[kind] = outcome.value;
    else unavailable.push(kind);
  });
  const firstFailure = settled.find((s) => s.status === "rejected");
  if (unavailable.length === kinds.length && firstFailure) throw firstFailure.reason;
  return { metadata, unavailable };
}

/** `helpdesk_metadata`: the helpdesk's valid values, plus the handoff taxonomy. */
export function registerMetadataTools(server: McpServer, ctx: ServerContext): void {
  defineTool(server, ctx, {
    name: "helpdesk_metadata",
    title: "Valid helpdesk values",
    description: `Returns the values the helpdesk accepts for a lookup field — ${METADATA_KINDS.join(", ")} — and the handoff taxonomy (the categories, escalation reasons and sources a handoff note may use). Give kind for one list, or leave it out for all of them. Use it before creating or updating tickets, and whenever an error points here.`,
    input: {
      kind: metadataKindSchema.optional().describe("The one list wanted; all lists when left out."),
    },
    output: {
      metadata: z
        .partialRecord(metadataKindSchema, z.array(metadataItemSchema))
        .describe("Valid values per kind; use the names in other tools"),
      unavailable: z
        .array(metadataKindSchema)
        .optional()
        .describe("Kinds the helpdesk would not list right now"),
      handoffTaxonomy: taxonomySchema,
    },
    // Only reads, and the same call gives the same lists (cached for 5 minutes): read-only and
    // idempotent. Asks the helpdesk: open world.
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      const { metadata, unavailable } = await allMetadata(
        ctx,
        args.kind ? [args.kind] : METADATA_KINDS,
        signal,
      );
      const t = ctx.taxonomy;
      return {
        metadata,
        ...(unavailable.length > 0 ? { unavailable } : {}),
        handoffTaxonomy: {
          categories: [...t.categories],
          escalationReasons: [...t.escalationReasons],
          sources: [...t.sources],
        },
      };
    },
  });
}
