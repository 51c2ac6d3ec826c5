import type { CallOptions, HandoffContext, Helpdesk, HelpdeskError, Logger, Page, Ticket } from "@ispn/core";
import { type AdapterCacheOptions, createOpenTicketView, createRequesterCache } from "./adapter-caches.ts";
import type { SdpClient } from "./client.ts";
import { toHelpdeskError } from "./error-mapping.ts";
import { isSdpError } from "./errors.ts";
import { blameSetting, mappedSettings, missingOr, rethrowForTicket } from "./evidence.ts";
import { listMetadataItems } from "./helpdesk-metadata.ts";
import type { ListPage } from "./listing.ts";
import { findByMarker } from "./marker-search.ts";
import {
  buildCreateRequest,
  DEFAULT_REQUEST_MAPPING,
  type RequestMapping,
  toHtml,
  toUserRef,
} from "./request-mapping.ts";
import type { UserRef } from "./requests.ts";
import { sdpHealth } from "./sdp-health.ts";
import { toTicket, toTicketNote } from "./ticket-mapping.ts";
import { findByNumber } from "./ticket-number.ts";
import { patchToRequest, textCriterion, ticketListOptions } from "./ticket-queries.ts";
import type { WireRequest } from "./wire-schemas.ts";

/** Options of {@link createSdpHelpdesk}. */
export interface SdpHelpdeskOptions {
  client: SdpClient;
  mapping?: Partial<RequestMapping>;
  logger?: Logger;
  /** How far back `findTicketByMarker` looks (default 7 days). */
  markerLookbackMs?: number;
  /** The open-ticket view and requester cache (see {@link AdapterCacheOptions}). */
  caches?: AdapterCacheOptions;
}

const sig = (o?: CallOptions) => (o?.signal ? { signal: o.signal } : {});

/**
 * The core `Helpdesk` port on SDP Cloud (`kind: "sdp"`). Every failure leaves as a
 * `HelpdeskError`. A create that times out after sending is never repeated: it throws "ambiguous",
 * and the caller (core's handoff service) looks for the ticket with `findTicketByMarker`.
 */
export function createSdpHelpdesk(options: SdpHelpdeskOptions): Helpdesk {
  const { client } = options;
  const mapping: RequestMapping = { ...DEFAULT_REQUEST_MAPPING, ...options.mapping };
  const logger = options.logger ?? client.logger;
  const lookbackMs = options.markerLookbackMs ?? 7 * 24 * 3_600_000;
  const ticket = (r: WireRequest) => toTicket(r, client.requestUrl(r.id));
  // A dedup hit reads the ticket (is it still open?) then adds its note: the view answers the read.
  const openTickets = createOpenTicketView(options.caches ?? {}, client.now);
  // Every write to a request through this client (request work, closing a problem's requests, …)
  // drops it from the view, not only the adapter's own updates and closes.
  client.onRequestWrite((id) => openTickets.forget(id));
  const requesters = createRequesterCache(options.caches ?? {}, client.now);
  const seen = (t: Ticket): Ticket => {
    openTickets.saw(t);
    return t;
  };
  const page = (p: ListPage<WireRequest>): Page<Ticket> => ({
    items: p.items.map(ticket),
    startIndex: p.startIndex,
    hasMore: p.hasMore,
    ...(p.total === undefined ? {} : { total: p.total }),
  });
  /**
   * The last field the operator's mapping put in a request and SDP refused, for `health()` (which
   * re-probes address problems itself). Cleared by the next successful create.
   */
  let problem: HelpdeskError | undefined;
  const noted = (error: HelpdeskError): HelpdeskError => {
    if (error.code === "misconfigured" && error.fields.length > 0) problem = error;
    return error;
  };
  const udfSettings = mappedSettings(mapping, false);
  const guard = async <T>(write: boolean, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw noted(blameSetting(toHelpdeskError(error, write), udfSettings));
    }
  };
  /** A call about one request: "not found" only on SDP's positive word (see `missingOr`). */
  const onTicket = async <T>(write: boolean, run: () => Promise<T>, o?: CallOptions): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isSdpError(error, "not_found") || isSdpError(error, "misconfigured")) {
        throw noted(await rethrowForTicket(client, error, o).catch((e: HelpdeskError) => e));
      }
      throw noted(blameSetting(toHelpdeskError(error, write), udfSettings));
    }
  };

  async function requesterFor(handoff: HandoffContext, o?: CallOptions): Promise<UserRef | undefined> {
    const fallback = mapping.defaultRequesterEmail ? { email_id: mapping.defaultRequesterEmail } : undefined;
    const caller = handoff.callerNumber;
    if (!caller || !mapping.matchRequesterByPhone) return fallback;
    const known = requesters.get(caller);
    if (known !== undefined) return known ?? fallback;
    try {
      const matches = await client.requesters.findByPhone(caller, sig(o));
      // Exactly one match is the caller; several (a shared line) would be a guess.
      const match = matches.length === 1 && matches[0]?.id ? { id: matches[0].id } : null;
      requesters.set(caller, match);
      return match ?? fallback;
    } catch (error) {
      logger.warn({ event: "sdp_requester_lookup_failed", code: isSdpError(error) ? error.code : "unknown" });
    }
    return fallback;
  }

  const search = { client, mapping, logger, toTicket: ticket, lookbackMs };

  const helpdesk: Helpdesk = {
    kind: "sdp",
    async createTicket(input, o) {
      const marker = input.marker;
      const requester = input.requester
        ? toUserRef(input.requester)
        : input.handoff
          ? await requesterFor(input.handoff, o)
          : undefined;
      const request = buildCreateRequest(input, mapping, marker, requester);
      try {
        const created = seen(ticket(await client.requests.create(request, sig(o))));
        problem = undefined;
        return created;
      } catch (error) {
        const mapped = noted(
          blameSetting(toHelpdeskError(error, true), mappedSettings(mapping, !!input.handoff)),
        );
        if (mapped.code === "ambiguous") {
          // Recovery (search by marker, then decide) belongs to the caller: core's handoff service.
          logger.warn({ event: "sdp_create_ambiguous", code: isSdpError(error) ? error.code : "unknown" });
        }
        throw mapped;
      }
    },
    async getTicket(id, o) {
      const open = openTickets.get(id);
      if (open) return open;
      try {
        const request = await client.requests.get(id, sig(o));
        if (request.is_trashed) {
          openTickets.forget(id);
          return undefined;
        }
        return seen(ticket(request));
      } catch (error) {
        openTickets.forget(id);
        const outcome = await missingOr(client, error, o);
        if (outcome === "missing") return undefined;
        throw noted(outcome);
      }
    },
    updateTicket: (id, patch, o) => {
      openTickets.forget(id);
      return onTicket(
        true,
        async () => seen(ticket(await client.requests.update(id, patchToRequest(patch), sig(o)))),
        o,
      );
    },
    closeTicket: (id, input, o) => {
      openTickets.forget(id);
      return onTicket(
        true,
        async () => {
          const closed = await client.requests.close(
            id,
            {
              ...(input.closureCode ? { closureCode: input.closureCode } : {}),
              ...(input.comments !== undefined ? { comments: input.comments } : {}),
              ...(input.resolution !== undefined ? { resolution: input.resolution } : {}),
            },
            sig(o),
          );
          return seen(ticket(closed));
        },
        o,
      );
    },
    addNote: (ticketId, note, o) =>
      onTicket(
        true,
        async () => {
          const added = await client.notes
            .add(ticketId, { description: toHtml(note.body), showToRequester: note.public ?? false }, sig(o))
            .catch((error: unknown) => {
              openTickets.forget(ticketId);
              throw error;
            });
          // Some answers omit the flag; the request said what it should be.
          return toTicketNote(
            { ...added, show_to_requester: added.show_to_requester ?? note.public ?? false },
            ticketId,
          );
        },
        o,
      ),
    listNotes: (ticketId, p, o) =>
      onTicket(
        false,
        async () => {
          const notes = await client.notes.list(ticketId, {
            startIndex: p?.startIndex ?? 1,
            rowCount: p?.rowCount ?? 25,
            ...sig(o),
          });
          const items = notes.items.map((n) => toTicketNote(n, ticketId));
          items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.id) - Number(b.id));
          return {
            items,
            startIndex: notes.startIndex,
            hasMore: notes.hasMore,
            ...(notes.total === undefined ? {} : { total: notes.total }),
          };
        },
        o,
      ),
    listTickets: (query, o) =>
      guard(false, async () => page(await client.requests.list({ ...ticketListOptions(query), ...sig(o) }))),
    searchTickets: (text, query, o) =>
      guard(false, async () =>
        page(await client.requests.list({ ...ticketListOptions(query, textCriterion(text)), ...sig(o) })),
      ),
    findTicketByMarker: (marker, o) => guard(false, () => findByMarker(search, marker, o)),
    findTicketByNumber: (number, o) => guard(false, () => findByNumber(client, ticket, number, o)),
    listMetadata: (kind, o) => guard(false, () => listMetadataItems(client, kind, o)),
    health: (o) => sdpHealth({ client, mapping, lastProblem: () => problem }, o),
  };
  return helpdesk;
}
