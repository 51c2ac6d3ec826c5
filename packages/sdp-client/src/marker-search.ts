import type { CallOptions, Logger, Ticket } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { isSdpError } from "./errors.ts";
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

/** Allowance for the difference between our clock and SDP's `created_time`. */
const CLOCK_SKEW_MS = 10 * 60_000;

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

/**
 * After a create whose answer was lost, looks for its ticket `attempts` times, `delayMs` apart
 * (SDP may still be committing it), among tickets created since shortly before the attempt (an
 * outage key is reused by later tickets, so older ones must not count). Search failures are
 * logged and count as "not yet found".
 */
export async function recoverCreate(
  deps: MarkerSearchDeps,
  marker: string,
  retry: { attempts: number; delayMs: number; startedAt: number },
  o?: CallOptions,
): Promise<Ticket | undefined> {
  const since = retry.startedAt - CLOCK_SKEW_MS;
  for (let attempt = 1; attempt <= retry.attempts && !o?.signal?.aborted; attempt++) {
    // The wait ends early when the caller's budget runs out (the answer must not outlive it).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, retry.delayMs);
      o?.signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
    if (o?.signal?.aborted) break;
    try {
      const found = await findByMarker(deps, marker, o, since);
      if (found) {
        deps.logger.info({ event: "sdp_create_recovered", ticketId: found.id, attempt });
        return found;
      }
    } catch (error) {
      deps.logger.warn({
        event: "sdp_marker_search_failed",
        code: isSdpError(error) ? error.code : "unknown",
      });
    }
  }
  return undefined;
}
