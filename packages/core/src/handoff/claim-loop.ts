import { HandoffBusyError } from "../errors.ts";
import type { TicketRef } from "../ticket.ts";
import type { FindOrCreateDeps } from "./find-or-create.ts";
import { keepLease } from "./lease-keeper.ts";

/** What a claim on dedup keys needs. */
export type ClaimLoopDeps = Pick<
  FindOrCreateDeps,
  "dedup" | "leaseMs" | "waitMs" | "now" | "randomId" | "sleep" | "random" | "logger"
>;

/**
 * Claims `keys` for one attempt until it lands, the protocol of tickets and outage problems alike:
 * a live entry goes to `hit` (which answers, or `undefined` to claim again, e.g. after forgetting
 * a closed ticket); a won claim goes to `created` under a kept lease; while another creator holds
 * the keys it waits with jittered backoff (10 ms doubling to 200 ms), and after `waitMs` gives up
 * with a `HandoffBusyError` saying `busy`.
 */
export async function claimUntilLanded<T>(
  deps: ClaimLoopDeps,
  claim: { keys: readonly string[]; marker: string; signal?: AbortSignal | undefined; busy: string },
  on: {
    hit(ticket: TicketRef): Promise<T | undefined>;
    claimed(claimId: string, abandoned: string[]): Promise<T>;
  },
): Promise<T> {
  const { dedup, logger } = deps;
  const { keys, signal } = claim;
  const claimId = deps.randomId();
  const started = deps.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    signal?.throwIfAborted();
    const outcome = await dedup.claim({
      keys,
      claimId,
      marker: claim.marker,
      leaseMs: deps.leaseMs,
      now: deps.now(),
    });
    if (outcome.kind === "hit") {
      const landed = await on.hit(outcome.ticket);
      if (landed !== undefined) return landed;
      continue;
    }
    if (outcome.kind === "claimed") {
      const lease = keepLease({ dedup, keys, claimId, leaseMs: deps.leaseMs, now: deps.now, logger });
      try {
        return await on.claimed(claimId, outcome.abandoned);
      } finally {
        lease.stop();
      }
    }
    if (deps.now() - started >= deps.waitMs) {
      throw new HandoffBusyError(
        claim.busy,
        Math.max(1000, Math.min(outcome.leaseExpiresAt - deps.now(), 5000)),
      );
    }
    await deps.sleep(delay * (0.75 + deps.random() / 2), signal);
  }
}
