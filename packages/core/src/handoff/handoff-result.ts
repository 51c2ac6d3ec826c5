import { formatConfidence } from "../confidence.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";
import type { Landing } from "./find-or-create.ts";
import { queuedSpokenSummary, spokenSummary } from "./spoken-summary.ts";

/**
 * How a handoff ended: "created" a new ticket; "existing": joined an open ticket as a note;
 * "queued": kept in the outbox for the helpdesk, under a reference the caller can quote. A new
 * outcome is one more member here and in `OUTCOME_MEANINGS` (handoff-result-schema.ts).
 */
export type HandoffOutcome = "created" | "existing" | "queued";

/**
 * What a handoff answers, over HTTP and MCP alike. A superset of the original bridge's answer
 * (`status: "ok"`, `created`, `ticketId`, `ticketUrl`, `category`, `escalationReason`,
 * `confidence` as a string, `echo`), with the same JSON types, so agents configured against it keep
 * working.
 */
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
  /**
   * When queued: why, for operators (not to be read to the caller), e.g. "helpdesk misconfigured:
   * … check SDP_PORTAL".
   */
  queuedReason?: string;
  category: string;
  escalationReason: string;
  /** The confidence used, as a decimal string such as "0.85" (`formatConfidence`). */
  confidence: string;
  /** The outage key (canonical) and caller number (E.164) the handoff was deduplicated by. */
  echo: { oaKey: string | null; callerNumber: string | null };
  /** One or two sentences the voice agent can read to the caller. */
  spokenSummary: string;
}

/**
 * What the handoff was deduplicated by. The other fields every answer shares are written out in each
 * literal rather than spread in: an answer is kept as the idempotent reply (in the heap, with
 * `STORE_URL=memory:`), and a spread left it an extra property array and a throw-away object.
 */
function echoOf(handoff: Handoff): HandoffResult["echo"] {
  return { oaKey: handoff.oaKey ?? null, callerNumber: handoff.callerNumber ?? null };
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
    category: handoff.category,
    escalationReason: handoff.escalationReason,
    confidence: formatConfidence(handoff.confidence),
    echo: echoOf(handoff),
    spokenSummary: spokenSummary({
      created,
      ticketNumber: ticket.displayId,
      category: handoff.category,
      outage: handoff.oaKey !== undefined,
      ...(landing.problem ? { ownTicketOfOutage: true } : {}),
    }),
  };
}

/** The answer of a handoff kept in the outbox under `reference`. */
export function queuedResult(handoff: Handoff, reference: string, reason: string): HandoffResult {
  return {
    status: "ok",
    outcome: "queued",
    created: false,
    ticketId: reference,
    ticketNumber: reference,
    ticketUrl: "",
    reference,
    queuedReason: reason,
    category: handoff.category,
    escalationReason: handoff.escalationReason,
    confidence: formatConfidence(handoff.confidence),
    echo: echoOf(handoff),
    spokenSummary: queuedSpokenSummary(reference),
  };
}
