import { type CallOptions, KNOWN_STATUSES, type MetadataItem, type MetadataKind } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { SdpNotFoundError } from "./errors.ts";
import type { SdpMetadataKind } from "./metadata.ts";
import type { WireMetadataRow } from "./wire-schemas.ts";

const KIND: Record<MetadataKind, SdpMetadataKind> = {
  statuses: "statuses",
  priorities: "priorities",
  categories: "categories",
  subcategories: "subcategories",
  templates: "request_templates",
  technicians: "technicians",
  groups: "groups",
  sites: "sites",
  urgencies: "urgencies",
  impacts: "impacts",
  modes: "modes",
  request_types: "request_types",
  closure_codes: "closure_codes",
};

function toItem(row: WireMetadataRow): MetadataItem | undefined {
  const name = row.name ?? ([row.first_name, row.last_name].filter(Boolean).join(" ") || undefined);
  if (!name || row.inactive || row.deleted) return undefined;
  const detail = row.email_id ?? row.category?.name ?? undefined;
  return { id: row.id, name, ...(detail ? { detail } : {}) };
}

/**
 * The core metadata kinds over the client's cached lookups. When a portal answers "not found"
 * for `/statuses` (seen on some cloud portals [C]), the built-in status names are returned with the
 * name as id, because SDP accepts lookups by name.
 */
export async function listMetadataItems(
  client: SdpClient,
  kind: MetadataKind,
  options?: CallOptions,
): Promise<MetadataItem[]> {
  try {
    const rows = await client.metadata.list(KIND[kind], options?.signal ? { signal: options.signal } : {});
    return rows.map(toItem).filter((i): i is MetadataItem => i !== undefined);
  } catch (error) {
    if (kind === "statuses" && error instanceof SdpNotFoundError) {
      client.logger.warn({ event: "sdp_statuses_unavailable" }, "Using built-in status names");
      return KNOWN_STATUSES.map((name) => ({
        id: name,
        name,
        detail: "built-in (this portal has no /statuses)",
      }));
    }
    throw error;
  }
}
