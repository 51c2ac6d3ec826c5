import type { Helpdesk } from "@ispn/core";

/**
 * How many texts of a ticket (its description and every note) mention each match of `pattern`
 * (e.g. /conv_load_\d+/g): a caller's handoff is on the ticket once whether its note was written
 * alone or in a digest with other callers' (NOTE_DIGEST_MS).
 */
export async function mentionsOnTicket(
  helpdesk: Pick<Helpdesk, "getTicket" | "listNotes">,
  ticketId: string,
  pattern: RegExp,
): Promise<Map<string, number>> {
  const texts = [(await helpdesk.getTicket(ticketId))?.description ?? ""];
  for (let start = 1; ; start += 100) {
    const page = await helpdesk.listNotes(ticketId, { startIndex: start, rowCount: 100 });
    texts.push(...page.items.map((note) => note.body));
    if (!page.hasMore) break;
  }
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of new Set(text.match(pattern) ?? [])) counts.set(match, (counts.get(match) ?? 0) + 1);
  }
  return counts;
}

/** Delivers what the outbox holds (digest notes included) until it is empty, on the harness's runtime. */
export async function deliverAll(runtime: {
  deliverer: { deliverDue(): Promise<number> };
  stores: { outbox: { stats(): Promise<{ depth: number }> } };
}): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await runtime.deliverer.deliverDue();
    if ((await runtime.stores.outbox.stats()).depth === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the outbox did not empty in 60 s");
}
