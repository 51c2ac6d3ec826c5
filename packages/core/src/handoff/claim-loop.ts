import { HandoffBusyError } from "../errors.ts";
import type { TicketRef } from "../ticket.ts";
import type { FindOrCreateDeps } from "./find-or-create.ts";
import { keepLease } from "./lease-keeper.ts";
import { isRetryAnswer, seenMarkOf } from "./retry-check.ts";

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
 *
 * `retry` is whether an earlier attempt with this marker may have written; when it is not known
 * yet (`undefined`), the first claim also marks the marker seen (`seenMarkOf`, in the same store
 * step) and its answer tells. Either way `hit` and `claimed` get it.
 */
export async function claimUntilLanded<T>(
  deps: ClaimLoopDeps,
  claim: {
    keys: readonly string[];
    marker: string;
    retry: boolean | undefined;
    signal?: AbortSignal | undefined;
    busy: string;
  },
  on: {
    hit(ticket: TicketRef, retry: boolean): Promise<T | undefined>;
    claimed(claimId: string, abandoned: string[], retry: boolean): Promise<T>;
  },
): Promise<T> {
  const { dedup, logger } = deps;
  const { keys, signal } = claim;
  const claimId = deps.randomId();
  const started = deps.now();
  let retry = claim.retry;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    signal?.throwIfAborted();
    const outcome = await dedup.claim({
      keys,
      claimId,
      marker: claim.marker,
      leaseMs: deps.leaseMs,
      now: deps.now(),
      ...(retry === undefined ? { seen: seenMarkOf(claim.marker) } : {}),
    });
    retry ??= isRetryAnswer(outcome.firstSeen);
    if (outcome.kind === "hit") {
      const landed = await on.hit(outcome.ticket, retry);
      if (landed !== undefined) return landed;
      continue;
    }
    if (outcome.kind === "claimed") {
      const lease = keepLease({ dedup, keys, claimId, leaseMs: deps.leaseMs, now: deps.now, logger });
      try {
        return await on.claimed(claimId, outcome.abandoned, retry);
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
