import type { Ticket } from "@ispn/core";
import type { z } from "zod";
import type { ticketSummarySchema } from "./output-schemas.ts";

/** Longest excerpt of a description in list output. */
export const EXCERPT_MAX = 160;

/** Plain text of an HTML or text description, on one line. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li)>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** A description cut to {@link EXCERPT_MAX} characters, marked with "…" when cut. */
export function excerpt(description: string): string {
  const text = plainText(description);
  return text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}…` : text;
}

/** A ticket as list and search results show it: no full description, people by name. */
export function toTicketSummary(ticket: Ticket): z.output<typeof ticketSummarySchema> {
  const technician = ticket.technician?.name ?? ticket.technician?.email;
  const requester = ticket.requester?.name ?? ticket.requester?.email;
  return {
    id: ticket.id,
    displayId: ticket.displayId,
    subject: ticket.subject,
    status: ticket.status,
    ...(ticket.priority === undefined ? {} : { priority: ticket.priority }),
    ...(ticket.category === undefined ? {} : { category: ticket.category }),
    ...(technician === undefined ? {} : { technician }),
    ...(requester === undefined ? {} : { requester }),
    excerpt: excerpt(ticket.description),
    url: ticket.url,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
}
