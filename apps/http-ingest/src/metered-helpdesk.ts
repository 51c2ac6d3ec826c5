import { type Helpdesk, isHelpdeskError } from "@ispn/core";
import type { Metrics } from "./metrics.ts";

const OPERATIONS = [
  "createTicket",
  "getTicket",
  "updateTicket",
  "closeTicket",
  "addNote",
  "listNotes",
  "listTickets",
  "searchTickets",
  "findTicketByMarker",
  "findTicketByNumber",
  "listMetadata",
] as const;

/** Wraps a helpdesk so every call's latency and outcome land in `ispn_helpdesk_request_duration_seconds`. */
export function meteredHelpdesk(
  inner: Helpdesk,
  metrics: Metrics,
  now: () => number = performance.now.bind(performance),
): Helpdesk {
  const wrapped: Record<string, unknown> = { kind: inner.kind, health: inner.health.bind(inner) };
  for (const operation of OPERATIONS) {
    const fn = (inner[operation] as (...args: unknown[]) => Promise<unknown>).bind(inner);
    wrapped[operation] = async (...args: unknown[]) => {
      const started = now();
      let outcome = "ok";
      try {
        return await fn(...args);
      } catch (error) {
        outcome = isHelpdeskError(error) ? error.code : "error";
        throw error;
      } finally {
        metrics.helpdeskLatency.observe({ operation, outcome }, (now() - started) / 1000);
      }
    };
  }
  return wrapped as unknown as Helpdesk;
}
