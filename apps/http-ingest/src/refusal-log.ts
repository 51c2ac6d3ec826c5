import type { Logger } from "pino";

/**
 * A warn line for refusals that can come by the hundred per second (a flood of unsigned webhooks):
 * the first refusal is logged at once, later ones are counted by reason and logged with the next
 * refusal at least `everyMs` after the last line, so the log grows by at most one line per interval
 * however fast the refusals come (a line per refusal would make the log the attack's amplifier).
 * `fields` (of the refusal at hand) are asked for only when a line is written. Every refusal is
 * still counted in the metrics by its caller.
 */
export function createRefusalLog(options: {
  logger: Pick<Logger, "warn">;
  now: () => number;
  everyMs: number;
  message: string;
}): (reason: string, fields: () => Record<string, unknown>) => void {
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let refused: Record<string, number> = {};
  return (reason, fields) => {
    refused[reason] = (refused[reason] ?? 0) + 1;
    const now = options.now();
    if (now - lastLineAt < options.everyMs) return;
    options.logger.warn({ ...fields(), refused, loggedAtMostEveryMs: options.everyMs }, options.message);
    lastLineAt = now;
    refused = {};
  };
}
