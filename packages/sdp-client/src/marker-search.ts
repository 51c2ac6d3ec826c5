import type { CallOptions, Logger, Ticket } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { hasMarkerLine, type RequestMapping } from "./request-mapping.ts";
import { where } from "./search-criteria.ts";
import { flattenFields } from "./ticket-mapping.ts";
import { textCriterion, ticketListOptions } from "./ticket-queries.ts";
import type { WireRequest } from "./wire-schemas.ts";

/** What the marker search needs. */
export interface MarkerSearchDeps {
  client: SdpClient;
  mapping: RequestMapping;
  logger: Logger;
  toTicket: (request: WireRequest) => Ticket;
  /** How far back to look, ms. */
  lookbackMs: number;
}

const sig = (o?: CallOptions) => (o?.signal ? { signal: o.signal } : {});

/**
 * Finds the ticket created with `marker`: by the marker UDF when configured (exact), else by
 * subject/description `contains`, among tickets created within the lookback. Candidates are
 * confirmed on the full request (list rows are trimmed and `contains` may match loosely).
 */
export async function findByMarker(
  deps: MarkerSearchDeps,
  marker: string,
  o?: CallOptions,
  sinceMs?: number,
): Promise<Ticket | undefined> {
  const { client, mapping } = deps;
  const since = new Date(sinceMs ?? client.now() - deps.lookbackMs);
  const match = mapping.udfMarker
    ? where(`udf_fields.${mapping.udfMarker}`, "is", marker)
    : textCriterion(marker);
  const candidates = await client.requests.list({
    ...ticketListOptions({ createdAfter: since.toISOString(), page: { rowCount: 10 } }, match),
    ...sig(o),
  });
  for (const row of candidates.items) {
    const full = await client.requests.get(row.id, sig(o));
    const udf = mapping.udfMarker ? flattenFields(full.udf_fields)[mapping.udfMarker] : undefined;
    if (udf === marker || hasMarkerLine(full.description ?? "", marker)) return deps.toTicket(full);
  }
  return undefined;
}
