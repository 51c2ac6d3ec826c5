import { isHelpdeskError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { DedupStore, ReplayGuard } from "../ports/stores.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";
import { isTicketOpen, type Ticket, type TicketRef, toTicketRef } from "../ticket.ts";
import { claimUntilLanded } from "./claim-loop.ts";
import { dedupKeys } from "./dedup-keys.ts";
import { mentionsMarker } from "./handoff-reference.ts";
import { checkRetry } from "./retry-check.ts";
import { dedupHitNote, handoffTicketInput } from "./ticket-content.ts";

/** Where a handoff landed. */
export interface Landing {
  ticket: TicketRef;
  /** True when this handoff created the ticket (now or in an earlier attempt). */
  created: boolean;
  /** With outage tickets as problems: the outage's problem the ticket is linked to. */
  problem?: TicketRef;
}

/** One attempt at a handoff: its identity (`marker`) and whether an earlier attempt may have written. */
export interface Attempt {
  handoff: Handoff;
  /** Written on the ticket (`Ref: <marker>`) or note it makes; the same on every retry. */
  marker: string;
  /**
   * True when an earlier attempt with this marker may have created a ticket or added a note.
   * `undefined`: not known yet; the attempt's first claim marks the marker in the replay guard and
   * learns it in the same store step (`claimUntilLanded`), or the replay guard is asked alone when
   * there are no dedup keys.
   */
  retry?: boolean | undefined;
  signal?: AbortSignal;
  /** True when a dedup hit may keep its note for the ticket's next digest (`FindOrCreateDeps.coalesce`). */
  coalescible?: boolean;
  /** Dedup keys to use instead of `dedupKeys(handoff)` (outage tickets as problems: per caller and outage). */
  keys?: readonly string[];
}

export interface FindOrCreateDeps {
  helpdesk: Helpdesk;
  dedup: DedupStore;
  /** The replay guard of `dedup`'s backend: asked whether an attempt without dedup keys is a retry. */
  seen?: ReplayGuard;
  windowMs: number;
  leaseMs: number;
  waitMs: number;
  recoveryTimeoutMs: number;
  now: () => number;
  randomId: () => string;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  logger: Logger;
  /** Keeps background work (recording a ticket after answering) alive until `drain`. */
  track: (work: Promise<unknown>) => void;
  /**
   * Keeps a dedup hit's note durably for a digest note instead of writing it now; false when it is
   * to be written now (no burst on that ticket, or no outbox).
   */
  coalesce?: (ticket: TicketRef, attempt: Attempt) => Promise<boolean>;
  /** The ticket a retried handoff's note was kept for (in a digest, written or still waiting), if any. */
  keptNote?: (marker: string) => Promise<TicketRef | undefined>;
  /**
   * Called (as background work) after a note was written at once because keeping it failed: takes out
   * of the outbox the kept copy the store may hold all the same, so the digest does not repeat it.
   */
  dropKept?: (marker: string, ticket: TicketRef) => Promise<void>;
}

/** Create failures after which the ticket may exist: its intent must stay on the keys. */
export const mayHaveCreated = (error: unknown) =>
  isHelpdeskError(error) && (error.code === "ambiguous" || error.code === "timeout");

const opts = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/**
 * Finds or creates the deduplicated ticket of one attempt (dedup semantics: docs/architecture.md).
 * Crash-safe: the create intent (marker) is in the store before the helpdesk is called; a taker-over
 * looks for abandoned intents' tickets first; a retry never adds its note twice.
 */
export function createFindOrCreate(deps: FindOrCreateDeps): (attempt: Attempt) => Promise<Landing> {
  const { helpdesk, dedup, logger } = deps;

  /** True when the ticket or one of its notes carries this attempt's marker (an earlier attempt wrote it). */
  async function alreadyOn(
    ticket: Ticket,
    marker: string,
    signal?: AbortSignal,
  ): Promise<"ticket" | "note" | undefined> {
    if (mentionsMarker(ticket.description, marker)) return "ticket";
    for (let startIndex = 1; ; ) {
      const page = await helpdesk.listNotes(ticket.id, { startIndex, rowCount: 100 }, opts(signal));
      if (page.items.some((note) => mentionsMarker(note.body, marker))) return "note";
      if (!page.hasMore || page.items.length === 0) return undefined;
      startIndex += page.items.length;
    }
  }

  /** Appends the note to a live ticket; `undefined` when the ticket has ended (its keys are forgotten). */
  async function join(
    ref: TicketRef,
    attempt: Attempt,
    keys: readonly string[],
  ): Promise<Landing | undefined> {
    const { signal } = attempt;
    if (attempt.retry && deps.keptNote) {
      // An earlier attempt's note is waiting for (or went out in) a digest: never write it twice.
      const kept = await deps.keptNote(attempt.marker);
      if (kept) return { ticket: kept, created: false };
    }
    const ticket = await helpdesk.getTicket(ref.id, opts(signal));
    if (ticket && isTicketOpen(ticket)) {
      const found = attempt.retry ? await alreadyOn(ticket, attempt.marker, signal) : undefined;
      if (found) return { ticket: toTicketRef(ticket), created: found === "ticket" };
      let keepFailed = false;
      if (!attempt.retry && attempt.coalescible && deps.coalesce) {
        const kept = await deps.coalesce(toTicketRef(ticket), attempt).catch((error: unknown) => {
          logger.warn(
            { err: (error as Error).message },
            "could not keep the note for a digest; writing it now",
          );
          keepFailed = true;
          return false;
        });
        if (kept) return { ticket: toTicketRef(ticket), created: false };
      }
      try {
        await helpdesk.addNote(ref.id, { body: dedupHitNote(attempt.handoff, attempt.marker) }, opts(signal));
        if (keepFailed && deps.dropKept) deps.track(deps.dropKept(attempt.marker, toTicketRef(ticket)));
        return { ticket: toTicketRef(ticket), created: false };
      } catch (error) {
        if (!(isHelpdeskError(error) && error.code === "not_found")) throw error;
      }
    }
    logger.info(
      { ticketId: ref.id, status: ticket?.status ?? "missing" },
      "dedup window ended: ticket closed or gone",
    );
    await dedup.forget({ keys, ticketId: ref.id });
    return undefined;
  }

  /** Looks for the ticket of a marker; retries a failed search a few times within its budget. */
  async function searchMarker(marker: string, signal?: AbortSignal): Promise<Ticket | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const search = AbortSignal.timeout(deps.recoveryTimeoutMs);
        return await helpdesk.findTicketByMarker(marker, {
          signal: signal ? AbortSignal.any([signal, search]) : search,
        });
      } catch (error) {
        if (attempt >= 2 || signal?.aborted) throw error;
        logger.warn({ err: (error as Error).message, attempt }, "search by marker failed");
        await deps.sleep(250 * 2 ** attempt, signal);
      }
    }
  }

  /** Records the new ticket on the claimed keys; a store failure must not fail a handoff whose ticket exists. */
  async function settle(keys: readonly string[], claimId: string, ticket: TicketRef): Promise<void> {
    for (let delay = 100, tries = 0; ; delay = Math.min(delay * 2, 2000), tries++) {
      try {
        const done = await dedup.complete({
          keys,
          claimId,
          ticket,
          windowMs: deps.windowMs,
          now: deps.now(),
        });
        if (!done)
          logger.warn({ ticketId: ticket.id }, "claim lost before the ticket was recorded; ticket kept");
        return;
      } catch (error) {
        if (tries >= 10) {
          logger.error(
            { ticketId: ticket.id, err: (error as Error).message },
            "could not record the new ticket",
          );
          return;
        }
        await deps.sleep(delay);
      }
    }
  }

  /**
   * Records the new ticket on the claimed keys without holding the answer for it. The write leaves
   * now (on Redis in one round trip with the caller's own writes of the same tick: the idempotent
   * answer, the conversation index); until it lands the keys read as this attempt's live claim, so a
   * duplicate waits for the ticket rather than creating one, and after a crash the next claimer finds
   * the ticket by the intent's marker. A failing store is retried in the background (`track`).
   */
  function record(keys: readonly string[], claimId: string, ticket: TicketRef): void {
    deps.track(settle(keys, claimId, ticket));
  }

  /** Creates (or finds, after an ambiguous answer) the ticket under a claim this attempt holds. */
  async function createClaimed(
    attempt: Attempt,
    keys: readonly string[],
    claimId: string,
    abandoned: readonly string[],
    progress: { intentsChecked: boolean },
  ): Promise<Landing> {
    const { signal, marker } = attempt;
    // Earlier creators crashed or lost their answer: their tickets may exist (ours first, on a retry).
    const earlierMarkers = attempt.retry && !abandoned.includes(marker) ? [marker, ...abandoned] : abandoned;
    for (const earlier of earlierMarkers) {
      const found = await searchMarker(earlier, signal);
      if (!found || !isTicketOpen(found)) continue;
      const ticket = toTicketRef(found);
      record(keys, claimId, ticket);
      if (earlier === marker) return { ticket, created: true };
      const joined = await join(ticket, { ...attempt, retry: true }, []);
      if (joined) return joined;
    }
    progress.intentsChecked = true;
    try {
      const ticket = toTicketRef(
        await helpdesk.createTicket(handoffTicketInput(attempt.handoff, marker), opts(signal)),
      );
      record(keys, claimId, ticket);
      return { ticket, created: true };
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      const found = await searchMarker(marker, signal).catch(() => undefined);
      if (found) {
        const ticket = toTicketRef(found);
        record(keys, claimId, ticket);
        return { ticket, created: true };
      }
      throw error;
    }
  }

  return async function findOrCreate(attempt) {
    const { signal } = attempt;
    const keys = attempt.keys ?? dedupKeys(attempt.handoff);
    if (keys.length === 0) {
      const retry = attempt.retry ?? (await checkRetry(deps.seen, attempt.marker, deps.now(), logger));
      const earlier = retry ? await searchMarker(attempt.marker, signal) : undefined;
      if (earlier) return { ticket: toTicketRef(earlier), created: true };
      return {
        ticket: toTicketRef(
          await helpdesk.createTicket(handoffTicketInput(attempt.handoff, attempt.marker), opts(signal)),
        ),
        created: true,
      };
    }
    return claimUntilLanded(
      deps,
      {
        keys,
        marker: attempt.marker,
        retry: attempt.retry,
        signal,
        busy: "Another handoff for the same caller or outage is still creating its ticket; retry shortly.",
      },
      {
        hit: (ticket, retry) => join(ticket, { ...attempt, retry }, keys),
        async claimed(claimId, abandoned, retry) {
          const progress = { intentsChecked: false };
          try {
            return await createClaimed({ ...attempt, retry }, keys, claimId, abandoned, progress);
          } catch (error) {
            // Keep the intents on the keys while a ticket may exist (the lease runs out and the next
            // creator searches again); free the keys at once when the create surely failed.
            if (progress.intentsChecked && !mayHaveCreated(error) && !signal?.aborted) {
              await dedup
                .release({ keys, claimId })
                .catch((e: unknown) => logger.error({ err: (e as Error).message }, "claim release failed"));
            }
            throw error;
          }
        },
      },
    );
  };
}
