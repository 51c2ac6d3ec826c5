import type { CreateTicketInput, HandoffContext } from "../ports/helpdesk.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";

const SUBJECT_MAX = 250;

/** The handoff as the helpdesk port carries it. */
export function toHandoffContext(handoff: Handoff): HandoffContext {
  return {
    note: handoff.note,
    summary: handoff.summary,
    category: handoff.category,
    escalationReason: handoff.escalationReason,
    confidence: handoff.confidence,
    source: handoff.source,
    ...(handoff.callerNumber === undefined ? {} : { callerNumber: handoff.callerNumber }),
    ...(handoff.oaKey === undefined ? {} : { oaKey: handoff.oaKey }),
    ...(handoff.conversationId === undefined ? {} : { conversationId: handoff.conversationId }),
  };
}

/** `[<Category>] <summary>`, cut to 250 characters. */
export function handoffSubject(handoff: Pick<Handoff, "category" | "summary">): string {
  const subject = `[${handoff.category}] ${handoff.summary}`;
  return subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject;
}

/** The lines that say who handed off what; shared by new tickets and dedup-hit notes. */
function contextLines(handoff: Handoff): string[] {
  const sent = handoff.asSent ?? {};
  const quote = (value: string) => JSON.stringify(value.length > 200 ? `${value.slice(0, 199)}…` : value);
  const caller =
    handoff.callerNumber ??
    (sent.callerNumber === undefined ? "unknown" : `withheld (${quote(sent.callerNumber)})`);
  return [
    `Caller: ${caller}`,
    `Source: ${handoff.source}`,
    ...(handoff.oaKey ? [`Outage key: ${handoff.oaKey}`] : []),
    ...(sent.oaKey === undefined
      ? []
      : [`Outage key as sent: ${quote(sent.oaKey)}${handoff.oaKey ? "" : " (read as no outage key)"}`]),
    ...(sent.confidence === undefined
      ? []
      : [
          `Confidence as sent: ${sent.confidence === "" ? "none" : quote(sent.confidence)} (${handoff.confidence} assumed)`,
        ]),
    ...(handoff.conversationId ? [`Conversation: ${handoff.conversationId}`] : []),
  ];
}

/**
 * The create request for a new ticket: core decides what it says (subject, plain-text description
 * with the marker line, the marker) and carries the category and reason as facts in `handoff`.
 * It sets no helpdesk fields (category, mode, priority): how to say the facts to a helpdesk is the
 * adapter's decision (for SDP, the operator's `SDP_CATEGORY_MAP`, `SDP_MODE`, `SDP_PRIORITY_MAP`).
 */
export function handoffTicketInput(handoff: Handoff, marker: string): CreateTicketInput {
  const description = [
    handoff.note,
    ...(handoff.originalNote ? ["", `Agent's words: ${handoff.originalNote}`] : []),
    "",
    ...contextLines(handoff),
    `Ref: ${marker}`,
  ].join("\n");
  return {
    subject: handoffSubject(handoff),
    description,
    handoff: toHandoffContext(handoff),
    marker,
  };
}

/**
 * The note appended to an existing ticket when another caller hands off the same incident. Its
 * `Ref:` line is the handoff's marker, so a retry can tell the note is already there.
 */
export function dedupHitNote(handoff: Handoff, marker: string): string {
  return [
    "Another handoff joined this ticket.",
    "",
    handoff.note,
    "",
    ...contextLines(handoff),
    `Ref: ${marker}`,
  ].join("\n");
}

/**
 * One note for several callers who joined a ticket within seconds (a mass outage): each caller's
 * dedup-hit note, in order, each with its own `Ref:` line, so a search for any caller's marker still
 * finds it.
 */
export function digestNote(items: readonly { handoff: Handoff; marker: string }[]): string {
  const parts = items.map(({ handoff, marker }) =>
    [handoff.note, "", ...contextLines(handoff), `Ref: ${marker}`].join("\n"),
  );
  const head =
    items.length === 1
      ? "Another handoff joined this ticket."
      : `${items.length} more handoffs joined this ticket.`;
  return [head, "", parts.join("\n\n---\n\n")].join("\n");
}
