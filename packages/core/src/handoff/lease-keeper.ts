import type { Logger } from "../logger.ts";
import type { DedupStore } from "../ports/stores.ts";

/**
 * Renews a claim's lease every third of its length while the creator works, so a live creator keeps
 * its keys however long the helpdesk takes, and a crashed one frees them within one lease.
 */
export function keepLease(options: {
  dedup: DedupStore;
  keys: readonly string[];
  claimId: string;
  leaseMs: number;
  now: () => number;
  logger: Logger;
}): { stop(): void } {
  const { dedup, keys, claimId, leaseMs, now, logger } = options;
  const timer = setInterval(
    () => {
      dedup.renew({ keys, claimId, leaseMs, now: now() }).then(
        (held) => {
          if (!held) {
            clearInterval(timer);
            logger.warn(
              { keys: keys.length },
              "claim lease lost while creating; another creator may take over",
            );
          }
        },
        (error: unknown) => logger.warn({ err: (error as Error).message }, "could not renew the claim lease"),
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
