/**
 * How a handoff ended. A union of string literals so a new outcome is one more member here and in
 * `HANDOFF_OUTCOMES` (handoff-result-schema.ts).
 */
export type HandoffOutcome = "created" | "existing";

/**
 * What a handoff answers, over HTTP and MCP alike. A superset of the original bridge's answer
 * (`status: "ok"`, `created`, `ticketId`, `ticketUrl`, `category`, `escalationReason`,
 * `confidence` as a string, `echo`), with the same JSON types, so agents configured against it keep
 * working.
 */
export interface HandoffResult {
  /** Always "ok" on success, as the original bridge answered. */
  status: "ok";
  /** "created": a new ticket; "existing": the handoff joined an open ticket as a note. */
  outcome: HandoffOutcome;
  /** True when a new ticket was created; false when the handoff joined an existing one. */
  created: boolean;
  /** The helpdesk's ticket id. */
  ticketId: string;
  /** The short number to read aloud (SDP `display_id`). */
  ticketNumber: string;
  ticketUrl: string;
  category: string;
  escalationReason: string;
  /** The confidence used, as a decimal string such as "0.85" (`formatConfidence`). */
  confidence: string;
  /** The outage key (canonical) and caller number (E.164) the handoff was deduplicated by. */
  echo: { oaKey: string | null; callerNumber: string | null };
  /** One or two sentences the voice agent can read to the caller. */
  spokenSummary: string;
}
