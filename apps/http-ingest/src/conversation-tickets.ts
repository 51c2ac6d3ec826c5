import { randomUUID } from "node:crypto";
import type { DedupStore, HandoffResult, TicketRef } from "@ispn/core";

/** How long a conversation remembers its ticket: post-call webhooks can be retried for about 40 minutes. */
const CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;

const keyOf = (conversationId: string) => `conv:${conversationId}`;

/**
 * Records which ticket a conversation's handoff landed on (created or joined), in the dedup store
 * so every replica sees it, for the post-call webhook to find. The first handoff of a
 * conversation wins.
 */
export async function rememberConversationTicket(
  dedup: DedupStore,
  conversationId: string,
  result: HandoffResult,
  now: number,
): Promise<void> {
  const keys = [keyOf(conversationId)];
  const claimId = randomUUID();
  const outcome = await dedup.claim({ keys, claimId, leaseMs: 10_000, now });
  if (outcome.kind !== "claimed") return;
  const ticket: TicketRef = { id: result.ticketId, displayId: result.ticketNumber, url: result.ticketUrl };
  await dedup.complete({ keys, claimId, ticket, windowMs: CONVERSATION_TTL_MS, now });
}

/** The ticket a conversation's handoff landed on, if it is still remembered. */
export async function ticketOfConversation(
  dedup: DedupStore,
  conversationId: string,
  now: number,
): Promise<TicketRef | undefined> {
  const entry = await dedup.get(keyOf(conversationId), now);
  return entry?.state === "ticket" ? entry.ticket : undefined;
}
