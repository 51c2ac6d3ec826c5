import type { Handoff } from "../schemas/prepare-handoff.ts";
import type { Landing } from "./find-or-create.ts";
import { queuedSpokenSummary, spokenSummary } from "./spoken-summary.ts";

/**
 * What happened to a handoff: "created" a new ticket; "existing": joined an open ticket as a note;
 * "queued": kept in the outbox for the helpdesk, under a reference the caller can quote.
 */
export type HandoffOutcome = "created" | "existing" | "queued";

/** What a handoff answers, over HTTP and MCP alike (a superset of the original bridge's answer). */
export interface HandoffResult {
  /** Always "ok" on success, as the original bridge answered. */
  status: "ok";
  outcome: HandoffOutcome;
  /** True when this handoff created the ticket; false when it joined one or was queued. */
  created: boolean;
  /** The helpdesk's ticket id; when queued, the reference. */
  ticketId: string;
  /** The short number to read aloud (SDP `display_id`); when queued, the reference. */
  ticketNumber: string;
  /** A link to the ticket; empty while queued. */
  ticketUrl: string;
  /** The reference a queued handoff is kept under (`H-7KQ3XM`); resolves to the ticket once delivered. */
  reference?: string;
  category: string;
  escalationReason: string;
  /** The confidence as the original bridge echoed it: a decimal string, e.g. "0.85". */
  confidence: string;
  echo: { oaKey: string | null; callerNumber: string | null };
  /** One or two sentences the voice agent can read to the caller. */
  spokenSummary: string;
}

/** The confidence as a decimal string with up to two decimals ("0.85", "1"). */
export function formatConfidence(confidence: number): string {
  return String(Math.round(confidence * 100) / 100);
}

function common(handoff: Handoff) {
  return {
    category: handoff.category,
    escalationReason: handoff.escalationReason,
    confidence: formatConfidence(handoff.confidence),
    echo: { oaKey: handoff.oaKey ?? null, callerNumber: handoff.callerNumber ?? null },
  };
}

/** The answer of a handoff that is on a ticket. */
export function landedResult(handoff: Handoff, landing: Landing): HandoffResult {
  const { ticket, created } = landing;
  return {
    status: "ok",
    outcome: created ? "created" : "existing",
    created,
    ticketId: ticket.id,
    ticketNumber: ticket.displayId,
    ticketUrl: ticket.url,
    ...common(handoff),
    spokenSummary: spokenSummary({
      created,
      ticketNumber: ticket.displayId,
      category: handoff.category,
      outage: handoff.oaKey !== undefined,
    }),
  };
}

/** The answer of a handoff kept in the outbox under `reference`. */
export function queuedResult(handoff: Handoff, reference: string): HandoffResult {
  return {
    status: "ok",
    outcome: "queued",
    created: false,
    ticketId: reference,
    ticketNumber: reference,
    ticketUrl: "",
    reference,
    ...common(handoff),
    spokenSummary: queuedSpokenSummary(reference),
  };
}
