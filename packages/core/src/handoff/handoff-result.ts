/** What a handoff answers, over HTTP and MCP alike. */
export interface HandoffResult {
  /** "created": a new ticket; "existing": the handoff joined an open ticket as a note. */
  status: "created" | "existing";
  created: boolean;
  /** The helpdesk's ticket id. */
  ticketId: string;
  /** The short number to read aloud (SDP `display_id`). */
  ticketNumber: string;
  ticketUrl: string;
  category: string;
  escalationReason: string;
  confidence: number;
  echo: { oaKey: string | null; callerNumber: string | null };
  /** One or two sentences the voice agent can read to the caller. */
  spokenSummary: string;
}
