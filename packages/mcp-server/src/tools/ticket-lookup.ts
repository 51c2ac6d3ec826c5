import { normalizePhone, type Ticket } from "@ispn/core";
import type { ServerContext } from "../context.ts";
import { ticketIdField } from "./ticket-fields.ts";

/** A ticket as a person names it: the long id, or the short number a caller was told. */
export const ticketRefField = ticketIdField.describe(
  'The ticket\'s "id" (from ticket_list or ticket_search), or the short ticket number the caller was told, e.g. "1001" or "#1001".',
);

/** "#1001", "# 1001" or a short all-digit number: what people call a ticket number. */
const NUMBER = /^#?\s*(\d{1,12})$/;

/** The ticket number in `text` ("1001", "#1001"), or `undefined` when it is not one. */
export function ticketNumberIn(text: string): string | undefined {
  return NUMBER.exec(text.trim())?.[1];
}

/**
 * Finds a ticket by what the user gave: "#1001" is a ticket number; a short number is tried as a
 * ticket number first, then as an id; anything else is an id. `undefined` when nothing matches.
 */
export async function resolveTicket(
  ctx: ServerContext,
  ref: string,
  signal: AbortSignal,
): Promise<Ticket | undefined> {
  const trimmed = ref.trim();
  const number = ticketNumberIn(trimmed);
  if (number === undefined) return ctx.helpdesk.getTicket(trimmed, { signal });
  const byNumber = await ctx.helpdesk.findTicketByNumber(number, { signal });
  if (byNumber || trimmed.startsWith("#")) return byNumber;
  return ctx.helpdesk.getTicket(trimmed, { signal });
}

/** Characters a spoken or written phone number is made of. */
const PHONE_CHARS = /^\+?[\d\s().\-/]+$/;

/**
 * The text to search for: a phone number in any common format ("(415) 555-0123", "415.555.0123",
 * "+1 415 555 0123") becomes the E.164 form tickets carry ("+14155550123"); a ticket number loses
 * its "#"; other text is unchanged.
 */
export function searchTextOf(text: string, phoneRegion: string): string {
  const trimmed = text.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (PHONE_CHARS.test(trimmed) && digits.length >= 7) {
    const phone = normalizePhone(trimmed, phoneRegion);
    if (phone.ok) return phone.value;
  }
  return ticketNumberIn(trimmed) ?? trimmed;
}
