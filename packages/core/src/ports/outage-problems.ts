import type { TicketRef } from "../ticket.ts";
import type { CallOptions } from "./helpdesk.ts";

/** A problem as the outage flow needs it: its id, number and link, and whether it is still open. */
export interface OutageProblem extends TicketRef {
  open: boolean;
}

/**
 * Problems for outages (`OUTAGE_TICKETS=problem`): one problem per outage, each caller's own
 * request linked to it. Implemented by the SDP client and the mock. Failures throw `HelpdeskError`
 * like the `Helpdesk` port; a problem that does not exist is `undefined`.
 */
export interface OutageProblems {
  /** Creates the outage's problem; `description` carries the creating handoff's marker line. */
  createProblem(input: { title: string; description: string }, options?: CallOptions): Promise<OutageProblem>;
  getProblem(id: string, options?: CallOptions): Promise<OutageProblem | undefined>;
  /** The problem whose description carries `Ref: <marker>` (made by a creator that lost its answer). */
  findProblemByMarker(marker: string, options?: CallOptions): Promise<OutageProblem | undefined>;
  /** Links a request to the problem; linking it again is harmless. */
  linkRequest(problemId: string, ticketId: string, options?: CallOptions): Promise<void>;
}
