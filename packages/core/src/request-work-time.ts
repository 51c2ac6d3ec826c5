import { HelpdeskError } from "./errors.ts";

/**
 * An ISO-8601 time given to `RequestWork` (a task's `scheduledEnd`, a worklog's `startedAt`) as
 * epoch ms; `undefined` stays `undefined`. Anything else is the port's `invalid` error naming `field`,
 * the same from every helpdesk.
 */
export function parseWorkTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new HelpdeskError("invalid", `${field} must be an ISO-8601 time, e.g. 2026-11-30T14:00:00Z`, {
      fields: [field],
    });
  }
  return ms;
}
