import { hash, randomUUID } from "node:crypto";
import { isHelpdeskError, isStoreError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { silentLogger } from "../logger.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { OutageProblems } from "../ports/outage-problems.ts";
import type { Outbox, OutboxEntry } from "../ports/outbox.ts";
import type { DedupStore, ReplayGuard } from "../ports/stores.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";
import type { TicketRef } from "../ticket.ts";
import { type Attempt, createFindOrCreate, type Landing } from "./find-or-create.ts";
import { handoffMarker, newHandoffReference } from "./handoff-reference.ts";
import type { HandoffResult } from "./handoff-result.ts";
import { landedResult, queuedResult } from "./handoff-result.ts";
import { createNoteCoalescer, dropKeptNote, keptNoteTicket } from "./note-digest.ts";
import { createOutageProblemLanding } from "./outage-problem.ts";
import { checkRetry } from "./retry-check.ts";
import { sleep as defaultSleep } from "./sleep.ts";

/** The default dedup window: 4 hours. */
export const DEFAULT_DEDUP_WINDOW_MS = 4 * 60 * 60 * 1000;

/** How long a delivered outbox entry can still be looked up by its reference: 30 days. */
export const DELIVERED_REFERENCE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface HandoffServiceOptions {
  helpdesk: Helpdesk;
  dedup: DedupStore;
  /**
   * Where handoffs go when the helpdesk cannot take them within the budget (store-and-forward).
   * Without it, helpdesk failures are thrown to the caller.
   */
  outbox?: Outbox;
  /**
   * False while the helpdesk is known to be failing (its circuit breaker is open): handoffs then go
   * straight to the outbox, without claiming keys or waiting for other creators.
   */
  helpdeskAvailable?: () => boolean;
  /**
   * Outage tickets as problems (`OUTAGE_TICKETS=problem`): a handoff with an outage key opens or
   * finds the outage's problem, and the caller gets a request of their own linked to it,
   * deduplicated per caller and outage. Without it (the default) every caller of an outage joins
   * one request.
   */
  outageProblems?: OutageProblems;
  /**
   * Remembers handoff ids, so a retried handoff checks what its earlier attempt wrote. Must be the
   * replay guard of the same `Stores` as `dedup`: a handoff's first dedup claim marks its id there
   * in the same store step (`DedupStore.claim`'s `seen`).
   */
  seen?: ReplayGuard;
  /** How long a ticket collects duplicates. Default 4 hours. */
  windowMs?: number;
  /**
   * How long a creator holds its keys without renewing. Default 3 s: renewed every second while the
   * creator lives (a store hiccup of two renewals is tolerated), so a crashed creator's keys are
   * free again within 3 s.
   */
  leaseMs?: number;
  /** How long a duplicate waits for the first creator's ticket before giving up. Default 15 s. */
  waitMs?: number;
  /** Per-search budget when looking for a ticket by its marker. Default 5 s. */
  recoveryTimeoutMs?: number;
  /**
   * How long a handoff may take before it is queued and answered (with an outbox). Default 8 s.
   * The attempt goes on in the background and marks the queued entry delivered when it lands.
   */
  budgetMs?: number;
  /**
   * The longest a single attempt may run in the background. Default 30 s: an SDP write times out
   * after 10 s and the searches after it take a few more. While it runs it holds its queued entry, so
   * after a crash that entry waits this long for a deliverer.
   */
  attemptDeadlineMs?: number;
  /**
   * Coalesced notes in mass outages (needs `outbox` and a running outbox deliverer). When callers join
   * one ticket less than this many ms apart, the first writes its note at once and the others are
   * answered at once with the ticket while their notes are kept in the outbox; the deliverer writes
   * them as one digest note per ticket per interval. Default 0: every note is written at once.
   */
  noteDigestMs?: number;
  now?: () => number;
  randomId?: () => string;
  /** A queued handoff's reference. Default: `H-` and six Crockford base-32 characters. */
  newReference?: () => string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

export interface SubmitOptions {
  /** Aborts waiting (the caller went away); the handoff is not queued then. */
  signal?: AbortSignal;
  /**
   * The handoff's identity across retries (e.g. from its Idempotency-Key): a retry with the same id
   * never makes a second ticket or adds its note twice. Default: a new random id.
   */
  handoffId?: string;
  /** Overrides the service's budget for this handoff. */
  budgetMs?: number;
}

export interface HandoffService {
  /**
   * Finds or creates the ticket for a validated handoff. Concurrent duplicates (same dedup key)
   * join one ticket. With an outbox, a handoff the helpdesk cannot take within the budget (down,
   * failing, rate-limited, circuit open, too slow) is queued and answered `outcome: "queued"` with a
   * reference. Throws `StoreError` when the store cannot keep it; without an outbox also
   * `HelpdeskError` and `HandoffBusyError`; the signal's reason when aborted.
   */
  submit(handoff: Handoff, options?: SubmitOptions): Promise<HandoffResult>;
  /**
   * Delivers a queued handoff (used by the outbox deliverer): finds or creates its ticket as a retry
   * of the original attempt, so nothing it wrote before is written twice. Throws on failure.
   */
  deliver(entry: OutboxEntry, options?: { signal?: AbortSignal }): Promise<HandoffResult>;
  /** Resolves when background work (recording tickets, late attempts) has finished. */
  drain(): Promise<void>;
}

/**
 * One-shot: a `createHash` object is a native object V8 tracks with a weak handle, one per handoff
 * for every scavenge to process (bench/README.md, "GC pauses").
 */
const sha256 = (text: string) => hash("sha256", text, "hex");

/** Creates the find-or-create handoff service (dedup semantics: docs/architecture.md). */
export function createHandoffService(options: HandoffServiceOptions): HandoffService {
  const { outbox } = options;
  const now = options.now ?? Date.now;
  const randomId = options.randomId ?? randomUUID;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  const budgetMs = options.budgetMs ?? 8_000;
  const attemptDeadlineMs = options.attemptDeadlineMs ?? 30_000;
  const newReference = options.newReference ?? (() => newHandoffReference());
  const background = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    background.add(work);
    void work.then(
      () => background.delete(work),
      () => background.delete(work),
    );
  };

  const findOrCreate = createFindOrCreate({
    helpdesk: options.helpdesk,
    dedup: options.dedup,
    ...(options.seen ? { seen: options.seen } : {}),
    windowMs: options.windowMs ?? DEFAULT_DEDUP_WINDOW_MS,
    leaseMs: options.leaseMs ?? 3_000,
    waitMs: options.waitMs ?? 15_000,
    recoveryTimeoutMs: options.recoveryTimeoutMs ?? 5_000,
    now,
    randomId,
    sleep,
    random: options.random ?? Math.random,
    logger,
    track,
    ...(outbox && (options.noteDigestMs ?? 0) > 0
      ? {
          coalesce: createNoteCoalescer({ outbox, intervalMs: options.noteDigestMs!, now }),
          keptNote: (marker: string) => keptNoteTicket(outbox, marker),
          dropKept: (marker: string, ticket: TicketRef) =>
            dropKeptNote(outbox, marker, ticket, { now, sleep }),
        }
      : {}),
  });

  const outageLanding = options.outageProblems
    ? createOutageProblemLanding(
        {
          problems: options.outageProblems,
          dedup: options.dedup,
          windowMs: options.windowMs ?? DEFAULT_DEDUP_WINDOW_MS,
          leaseMs: options.leaseMs ?? 3_000,
          waitMs: options.waitMs ?? 15_000,
          now,
          randomId,
          sleep,
          random: options.random ?? Math.random,
          logger,
        },
        findOrCreate,
      )
    : undefined;
  /** Lands one attempt: as an outage problem plus the caller's request when so configured, else as a ticket. */
  const land = async (attempt: Attempt): Promise<Landing> =>
    (outageLanding && (await outageLanding(attempt))) ?? findOrCreate(attempt);

  /**
   * Whether an earlier attempt of a new submission may have written: not known yet with a replay
   * guard (its first dedup claim finds out, in the same store step), never without one.
   */
  const unknownRetry = options.seen ? undefined : false;

  async function enqueue(
    handoff: Handoff,
    marker: string,
    reason: string,
    availableAt: number,
    mayHaveWritten = true,
    owner?: string,
  ) {
    for (;;) {
      const reference = newReference();
      const entry = { reference, handoffId: marker, handoff, reason, queuedAt: now(), mayHaveWritten };
      if (await outbox!.enqueue({ entry, availableAt, ...(owner ? { owner } : {}) })) return reference;
    }
  }

  /**
   * A queued handoff whose own attempt is still running holds its entry (`owner`), so no deliverer
   * works on the same handoff at the same time (two writers could both find "no note yet" and both
   * add it). If the attempt lands, the entry is delivered; if it fails, it is handed to the
   * deliverers at once; if this process dies, the hold ends with the attempt's deadline.
   */
  function deliverLate(reference: string, owner: string, attempt: Promise<Landing>) {
    track(
      attempt.then(
        async (landing) => {
          const followUps = await outbox!.markDelivered({
            reference,
            ticket: landing.ticket,
            created: landing.created,
            followUpsDone: 0,
            ttlMs: DELIVERED_REFERENCE_TTL_MS,
            now: now(),
          });
          for (const body of followUps ?? []) await options.helpdesk.addNote(landing.ticket.id, { body });
        },
        (error: unknown) =>
          outbox!.retryLater({
            reference,
            owner,
            availableAt: now(),
            error: error instanceof Error ? error.message : String(error),
          }),
      ),
    );
  }

  return {
    async submit(handoff, { signal, handoffId, budgetMs: budget = budgetMs } = {}) {
      const marker = handoffMarker(handoffId ?? randomId(), sha256);
      const retry = unknownRetry;
      if (!outbox) {
        const landing = await land({ handoff, marker, retry, ...(signal ? { signal } : {}) });
        return landedResult(handoff, landing);
      }
      if (options.helpdeskAvailable && !options.helpdeskAvailable()) {
        const reference = await enqueue(
          handoff,
          marker,
          "the helpdesk is failing (circuit open)",
          now(),
          await checkRetry(options.seen, marker, now(), logger),
        );
        logger.warn({ reference }, "handoff queued: the helpdesk circuit is open");
        return queuedResult(handoff, reference, "the helpdesk is failing (circuit open)");
      }
      // A deadline whose timer ends with the attempt (AbortSignal.timeout would keep a timer and a
      // signal alive for the whole deadline after every handoff: garbage for the GC at high rates).
      const deadline = new AbortController();
      const deadlineTimer = setTimeout(
        () => deadline.abort(new DOMException("The handoff attempt reached its deadline.", "TimeoutError")),
        attemptDeadlineMs,
      );
      deadlineTimer.unref?.();
      const attempt = land({
        handoff,
        marker,
        retry,
        signal: deadline.signal,
        coalescible: true,
      });
      void attempt.then(
        () => clearTimeout(deadlineTimer),
        () => clearTimeout(deadlineTimer),
      );
      attempt.catch(() => undefined); // handled below or left to a deliverer
      let timer: ReturnType<typeof setTimeout> | undefined;
      const overBudget = new Promise<"budget">((resolve) => {
        timer = setTimeout(() => resolve("budget"), budget);
      });
      let onAbort: (() => void) | undefined;
      const aborted = signal
        ? new Promise<never>((_, reject) => {
            onAbort = () => reject(signal.reason);
            if (signal.aborted) onAbort();
            else signal.addEventListener("abort", onAbort, { once: true });
          })
        : undefined;
      let reason: string;
      try {
        const first = await Promise.race([attempt, overBudget, ...(aborted ? [aborted] : [])]);
        if (first !== "budget") return landedResult(handoff, first);
        reason = `the helpdesk did not answer within ${budget} ms`;
      } catch (error) {
        if (signal?.aborted) throw error;
        // A dedup store failure is queued too when the outbox can keep the handoff (else it throws).
        reason = isHelpdeskError(error)
          ? `helpdesk ${error.code}: ${error.message}`
          : isStoreError(error)
            ? `dedup store: ${error.message}`
            : (error as Error).message;
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener("abort", onAbort);
      }
      // Still running: the attempt holds the entry until it lands, fails or reaches its deadline.
      const inFlight = reason.startsWith("the helpdesk did not answer");
      const owner = inFlight ? `attempt-${randomId()}` : undefined;
      const reference = await enqueue(
        handoff,
        marker,
        reason,
        inFlight ? now() + attemptDeadlineMs : now(),
        true,
        owner,
      );
      if (owner) deliverLate(reference, owner, attempt);
      logger.warn({ reference, reason }, "handoff queued for the helpdesk");
      return queuedResult(handoff, reference, reason);
    },

    async deliver(entry, { signal } = {}) {
      const landing = await land({
        handoff: entry.handoff,
        marker: entry.handoffId,
        // a first delivery of a handoff queued before anything was sent writes without looking
        retry: entry.attempts > 1 || entry.mayHaveWritten !== false,
        ...(signal ? { signal } : {}),
      });
      return landedResult(entry.handoff, landing);
    },

    async drain() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}
