import { randomUUID } from "node:crypto";
import { isHelpdeskError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { silentLogger } from "../logger.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { Outbox, OutboxEntry } from "../ports/outbox.ts";
import type { HandoffResult } from "./handoff-result.ts";
import { DELIVERED_REFERENCE_TTL_MS, type HandoffService } from "./handoff-service.ts";
import { sleep as defaultSleep } from "./sleep.ts";

export interface OutboxDelivererOptions {
  outbox: Outbox;
  handoffs: Pick<HandoffService, "deliver">;
  /** Where follow-ups (post-call summaries kept with a queued handoff) are added once it is delivered. */
  helpdesk: Pick<Helpdesk, "addNote">;
  /**
   * False while the helpdesk is known to be failing (circuit open): nothing is taken meanwhile, so
   * entries do not pile up attempts and backoff during an outage and go out as soon as it ends.
   */
  helpdeskAvailable?: () => boolean;
  /** This process's name in leases. Default: a random id. */
  owner?: string;
  /**
   * How long a taken entry is this deliverer's before another may take it (a crashed deliverer's
   * entry waits this long). Default 15 s. Two deliverers working on one entry is safe: a delivery
   * is a retry of the handoff, and never writes twice.
   */
  leaseMs?: number;
  /** The longest one delivery may take. Default 12 s. */
  deliveryTimeoutMs?: number;
  /** Deliveries in progress at once in this process. Default 4. */
  concurrency?: number;
  /** Pause between deliveries, so a recovering helpdesk is not flooded. Default 100 ms. */
  paceMs?: number;
  /** How often an empty outbox is checked. Default 1 s. */
  idleMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger?: Logger;
  onDelivered?: (entry: OutboxEntry, result: HandoffResult) => void;
  onFailed?: (entry: OutboxEntry, error: unknown) => void;
}

export interface OutboxDeliverer {
  /** Starts delivering in the background (`concurrency` loops). */
  start(): void;
  /** Delivers due entries until none is left or one fails; returns how many were delivered. */
  deliverDue(): Promise<number>;
  /** Stops after the delivery in progress. */
  stop(): Promise<void>;
}

/** The deliverer's pause after a failed delivery, before it tries the next entry. */
const FAILURE_PAUSE_MS = 2000;

/** Backoff after a failed delivery: 1 s doubling to 60 s, or the helpdesk's Retry-After. */
function backoffMs(attempts: number, error: unknown): number {
  if (isHelpdeskError(error) && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers queued handoffs to the helpdesk, oldest first, one at a time per process. Every process
 * may run one: the outbox leases each entry to one deliverer, and a delivery is a retry of the
 * handoff's original attempt (same marker), so a delivery interrupted by a crash is finished by
 * the next deliverer without a second ticket or note.
 */
export function createOutboxDeliverer(options: OutboxDelivererOptions): OutboxDeliverer {
  const { outbox, handoffs, helpdesk } = options;
  const owner = options.owner ?? `deliverer-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 15_000;
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 12_000;
  const paceMs = options.paceMs ?? 100;
  const idleMs = options.idleMs ?? 1000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  const stopping = new AbortController();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let loops: Promise<void>[] | undefined;

  /** Delivers one entry; returns the pause before the next one. */
  async function deliverOne(entry: OutboxEntry): Promise<number> {
    try {
      const result = await handoffs.deliver(entry, { signal: AbortSignal.timeout(deliveryTimeoutMs) });
      const ticketId = result.ticketId;
      for (const body of entry.followUps) await helpdesk.addNote(ticketId, { body });
      const ticket = { id: ticketId, displayId: result.ticketNumber, url: result.ticketUrl };
      const rest = await outbox.markDelivered({
        reference: entry.reference,
        ticket,
        created: result.created,
        followUpsDone: entry.followUps.length,
        ttlMs: DELIVERED_REFERENCE_TTL_MS,
        now: now(),
      });
      for (const body of rest ?? []) await helpdesk.addNote(ticketId, { body });
      logger.info(
        { reference: entry.reference, ticketId, outcome: result.outcome, attempts: entry.attempts },
        "queued handoff delivered",
      );
      options.onDelivered?.(entry, result);
      return paceMs;
    } catch (error) {
      const wait = backoffMs(entry.attempts, error);
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ reference: entry.reference, attempts: entry.attempts, err: message }, "delivery failed");
      options.onFailed?.(entry, error);
      await outbox
        .retryLater({ reference: entry.reference, owner, availableAt: now() + wait, error: message })
        .catch((e: unknown) => logger.warn({ err: (e as Error).message }, "could not put the entry back"));
      // This entry waits its backoff; the others are tried again soon (or when the circuit allows).
      return -Math.min(wait, FAILURE_PAUSE_MS);
    }
  }

  const available = () => options.helpdeskAvailable?.() ?? true;

  async function deliverDue(): Promise<number> {
    let delivered = 0;
    for (;;) {
      if (!available()) return delivered;
      const entry = await outbox.take({ owner, leaseMs, now: now() });
      if (!entry) return delivered;
      const pause = await deliverOne(entry);
      if (pause < 0) return delivered;
      delivered++;
      if (stopping.signal.aborted) return delivered;
      await sleep(pause, stopping.signal);
    }
  }

  async function run(): Promise<void> {
    while (!stopping.signal.aborted) {
      let pause = idleMs;
      try {
        const entry = available() ? await outbox.take({ owner, leaseMs, now: now() }) : undefined;
        if (entry) pause = Math.abs(await deliverOne(entry));
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "outbox unavailable");
      }
      await sleep(pause, stopping.signal).catch(() => undefined);
    }
  }

  return {
    start() {
      loops ??= Array.from({ length: concurrency }, () => run());
    },
    async deliverDue() {
      return deliverDue().catch((error: unknown) => {
        if (stopping.signal.aborted) return 0;
        throw error;
      });
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops ?? []);
    },
  };
}
