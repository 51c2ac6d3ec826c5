import type { DedupStore, HandoffResult, TicketRef } from "@ispn/core";

/** How long a conversation remembers its ticket: post-call webhooks can be retried for about 40 minutes. */
const CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;

/** Ticket ids of conversations whose handoff was queued: the outbox reference, under this prefix. */
const QUEUED_PREFIX = "outbox:";

const keyOf = (conversationId: string) => `conv:${conversationId}`;

/** Where a conversation's handoff landed: a ticket, or a queued handoff's reference. */
export type ConversationLanding =
  | { kind: "ticket"; ticket: TicketRef }
  | { kind: "queued"; reference: string };

/**
 * Records which ticket a conversation's handoff landed on (created or joined), or the reference it
 * was queued under, in the dedup store so every replica sees it, for the post-call webhook to find.
 * The first handoff of a conversation wins.
 */
export async function rememberConversationTicket(
  dedup: DedupStore,
  conversationId: string,
  result: HandoffResult,
  now: number,
): Promise<void> {
  const ticket: TicketRef =
    result.outcome === "queued" && result.reference
      ? { id: `${QUEUED_PREFIX}${result.reference}`, displayId: result.reference, url: "" }
      : { id: result.ticketId, displayId: result.ticketNumber, url: result.ticketUrl };
  // One store write (first writer wins), not a claim and a complete.
  await dedup.record({ key: keyOf(conversationId), ticket, ttlMs: CONVERSATION_TTL_MS, now });
}

/** Where a conversation's handoff landed, if it is still remembered. */
export async function landingOfConversation(
  dedup: DedupStore,
  conversationId: string,
  now: number,
): Promise<ConversationLanding | undefined> {
  const entry = await dedup.get(keyOf(conversationId), now);
  if (entry?.state !== "ticket") return undefined;
  const { ticket } = entry;
  return ticket.id.startsWith(QUEUED_PREFIX)
    ? { kind: "queued", reference: ticket.id.slice(QUEUED_PREFIX.length) }
    : { kind: "ticket", ticket };
}
