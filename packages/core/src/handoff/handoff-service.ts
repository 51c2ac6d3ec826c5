import { randomUUID } from "node:crypto";
import { formatConfidence } from "../confidence.ts";
import { HandoffBusyError, type HelpdeskError, isHelpdeskError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { silentLogger } from "../logger.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { DedupStore } from "../ports/stores.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";
import { isTicketOpen, type TicketRef, toTicketRef } from "../ticket.ts";
import { dedupKeys } from "./dedup-keys.ts";
import type { HandoffResult } from "./handoff-result.ts";
import { abortable, sleep as defaultSleep } from "./sleep.ts";
import { spokenSummary } from "./spoken-summary.ts";
import { dedupHitNote, handoffTicketInput } from "./ticket-content.ts";

/** The default dedup window: 4 hours. */
export const DEFAULT_DEDUP_WINDOW_MS = 4 * 60 * 60 * 1000;

export interface HandoffServiceOptions {
  helpdesk: Helpdesk;
  dedup: DedupStore;
  /** How long a ticket collects duplicates. Default 4 hours. */
  windowMs?: number;
  /**
   * How long a creator holds its keys before others may take over (a crashed creator). Default 60 s:
   * longer than the slowest create path (an SDP write timing out after 10 s, then the searches by
   * marker of the adapter and of this service), so a live creator never loses its keys mid-create.
   */
  leaseMs?: number;
  /** How long a duplicate waits for the first creator's ticket before giving up. Default 15 s. */
  waitMs?: number;
  /** Per-search budget when looking for a ticket after an ambiguous create. Default 5 s. */
  recoveryTimeoutMs?: number;
  now?: () => number;
  randomId?: () => string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  logger?: Logger;
  /** Called once per finished handoff, for metrics. */
  onOutcome?: (outcome: { kind: "created" | "deduplicated" | "failed"; category: string }) => void;
}

export interface HandoffService {
  /**
   * Finds or creates the ticket for a validated handoff. Concurrent duplicates (same dedup key)
   * join one ticket: the first creates it, the rest wait and append their note. Throws
   * `HelpdeskError` (helpdesk failed; the claim is released), `HandoffBusyError` (waited too long
   * for another creator), `StoreError`, or the signal's reason when aborted.
   */
  submit(handoff: Handoff, options?: { signal?: AbortSignal }): Promise<HandoffResult>;
  /** Resolves when background recoveries of ambiguous creates have finished. */
  drain(): Promise<void>;
}

interface Claim {
  keys: string[];
  claimId: string;
}

/** Creates the find-or-create handoff service (dedup semantics: docs/architecture.md). */
export function createHandoffService(options: HandoffServiceOptions): HandoffService {
  const { helpdesk, dedup } = options;
  const windowMs = options.windowMs ?? DEFAULT_DEDUP_WINDOW_MS;
  const leaseMs = options.leaseMs ?? 60_000;
  const waitMs = options.waitMs ?? 15_000;
  const recoveryTimeoutMs = options.recoveryTimeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const randomId = options.randomId ?? randomUUID;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const background = new Set<Promise<unknown>>();

  const result = (handoff: Handoff, ticket: TicketRef, created: boolean): HandoffResult => {
    options.onOutcome?.({ kind: created ? "created" : "deduplicated", category: handoff.category });
    return {
      status: "ok",
      outcome: created ? "created" : "existing",
      created,
      ticketId: ticket.id,
      ticketNumber: ticket.displayId,
      ticketUrl: ticket.url,
      category: handoff.category,
      escalationReason: handoff.escalationReason,
      confidence: formatConfidence(handoff.confidence),
      echo: { oaKey: handoff.oaKey ?? null, callerNumber: handoff.callerNumber ?? null },
      spokenSummary: spokenSummary({
        created,
        ticketNumber: ticket.displayId,
        category: handoff.category,
        outage: handoff.oaKey !== undefined,
      }),
    };
  };

  /** Appends the note to a live ticket; `undefined` when the ticket has ended (its keys are forgotten). */
  async function join(ref: TicketRef, handoff: Handoff, keys: string[], signal?: AbortSignal) {
    const ticket = await helpdesk.getTicket(ref.id, signalOpt(signal));
    if (ticket && isTicketOpen(ticket)) {
      try {
        await helpdesk.addNote(ref.id, { body: dedupHitNote(handoff) }, signalOpt(signal));
        return result(handoff, toTicketRef(ticket), false);
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

  /** After an ambiguous create: look for the ticket by its marker, then settle the claim either way. */
  async function recover(marker: string, claim: Claim | undefined): Promise<TicketRef | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const found = await helpdesk.findTicketByMarker(marker, {
          signal: AbortSignal.timeout(recoveryTimeoutMs),
        });
        if (found) {
          const ref = toTicketRef(found);
          if (claim) await dedup.complete({ ...claim, ticket: ref, windowMs, now: now() });
          return ref;
        }
      } catch (error) {
        logger.warn({ err: describe(error), attempt }, "search by marker failed after an ambiguous create");
      }
      await sleep(250 * 2 ** attempt);
    }
    if (claim) await dedup.release(claim);
    return undefined;
  }

  /**
   * Records the new ticket on the claimed keys. The ticket exists whatever the store says, so a
   * store failure here must not fail the handoff: keep retrying in the background while our lease
   * holds the keys (duplicates keep waiting meanwhile), then give up loudly.
   */
  async function settle(claim: Claim, ticket: TicketRef): Promise<void> {
    const giveUpAt = now() + leaseMs;
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        if (!(await dedup.complete({ ...claim, ticket, windowMs, now: now() }))) {
          logger.warn(
            { ticketId: ticket.id },
            "claim lease ended before the ticket was recorded; ticket kept",
          );
        }
        return;
      } catch (error) {
        if (now() >= giveUpAt) {
          logger.error(
            { ticketId: ticket.id, err: describe(error) },
            "could not record the new ticket in the dedup store",
          );
          return;
        }
        await sleep(delay);
      }
    }
  }

  function track(work: Promise<unknown>): void {
    background.add(work);
    void work.finally(() => background.delete(work));
  }

  async function create(
    handoff: Handoff,
    claim: Claim | undefined,
    signal?: AbortSignal,
  ): Promise<HandoffResult> {
    const marker = handoff.conversationId ?? `handoff-${randomId()}`;
    try {
      const ticket = toTicketRef(
        await helpdesk.createTicket(handoffTicketInput(handoff, marker), signalOpt(signal)),
      );
      if (claim) {
        const settled = settle(claim, ticket);
        track(settled);
        // Normally one store round trip; when the store is failing, answer now and settle later.
        await Promise.race([settled, sleep(100)]);
      }
      return result(handoff, ticket, true);
    } catch (error) {
      if (isHelpdeskError(error) && error.code === "ambiguous") {
        // The ticket may exist: keep the claim (duplicates keep waiting) until we know.
        const recovery = recover(marker, claim);
        track(recovery);
        const found = await abortable(recovery, signal);
        if (found) return result(handoff, found, true);
      } else if (claim) {
        await dedup
          .release(claim)
          .catch((e: unknown) => logger.error({ err: describe(e) }, "claim release failed"));
      }
      options.onOutcome?.({ kind: "failed", category: handoff.category });
      throw error;
    }
  }

  return {
    async submit(handoff, { signal } = {}) {
      const keys = dedupKeys(handoff);
      if (keys.length === 0) return create(handoff, undefined, signal);
      const claimId = randomId();
      const started = now();
      let delay = 10;
      for (;;) {
        signal?.throwIfAborted();
        const outcome = await dedup.claim({ keys, claimId, leaseMs, now: now() });
        if (outcome.kind === "claimed") return create(handoff, { keys, claimId }, signal);
        if (outcome.kind === "hit") {
          const joined = await join(outcome.ticket, handoff, keys, signal);
          if (joined) return joined;
          continue;
        }
        const waited = now() - started;
        if (waited >= waitMs) {
          options.onOutcome?.({ kind: "failed", category: handoff.category });
          throw new HandoffBusyError(
            "Another handoff for the same caller or outage is still creating its ticket; retry shortly.",
            Math.max(1000, Math.min(outcome.leaseExpiresAt - now(), 5000)),
          );
        }
        await sleep(delay * (0.75 + random() / 2), signal);
        delay = Math.min(delay * 2, 200);
      }
    },
    async drain() {
      await Promise.allSettled([...background]);
    },
  };
}

function signalOpt(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

function describe(error: unknown): string {
  if (isHelpdeskError(error)) return `${(error as HelpdeskError).code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
