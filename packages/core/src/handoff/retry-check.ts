import type { Logger } from "../logger.ts";
import type { ReplayGuard, SeenMark } from "../ports/stores.ts";

/** How long a handoff's marker is remembered, so a retry knows an earlier attempt ran: 7 days. */
const SEEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The replay-guard mark of a handoff attempt's marker (taken alone, or with its first dedup claim). */
export const seenMarkOf = (marker: string): SeenMark => ({ key: `handoff:${marker}`, ttlMs: SEEN_TTL_MS });

/**
 * Whether an attempt is a retry, from a mark's answer: only a first sight is a first attempt. An
 * unknown answer (a store that does not mark with claims) counts as a retry: that costs a look at
 * the ticket, never a duplicate.
 */
export const isRetryAnswer = (firstSeen: boolean | undefined): boolean => firstSeen !== true;

/**
 * True when an earlier attempt with this marker may have written something, asked of the replay
 * guard alone (when there is no dedup claim to fold the mark into). When the store cannot say,
 * assume it may have.
 */
export async function checkRetry(
  seen: ReplayGuard | undefined,
  marker: string,
  now: number,
  logger: Logger,
): Promise<boolean> {
  if (!seen) return false;
  try {
    return isRetryAnswer(await seen.firstSeen({ ...seenMarkOf(marker), now }));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "could not check whether the handoff is a retry");
    return true;
  }
}
