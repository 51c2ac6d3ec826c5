import type { Page, PageRequest, TicketQuery } from "@ispn/core";
import type { TicketRecord } from "./records.ts";

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** True when the record passes every filter of `query` (and contains `text`, when given). */
export function matchesQuery(r: TicketRecord, query: TicketQuery, text?: string): boolean {
  if (query.status !== undefined) {
    const wanted = Array.isArray(query.status) ? query.status : [query.status];
    if (!wanted.some((s) => same(r.status, s))) return false;
  }
  if (query.category !== undefined && !same(r.category, query.category)) return false;
  if (query.priority !== undefined && !same(r.priority, query.priority)) return false;
  if (query.technician !== undefined) {
    const t = r.technician;
    const wanted = query.technician;
    if (!t || !(same(t.name, wanted) || same(t.email, wanted) || t.id === wanted)) return false;
  }
  if (query.requesterEmail !== undefined && !same(r.requester?.email, query.requesterEmail)) return false;
  if (query.createdAfter !== undefined) {
    const after = Date.parse(query.createdAfter);
    if (!Number.isNaN(after) && r.createdAt <= after) return false;
  }
  if (text !== undefined) {
    const needle = text.trim().toLowerCase();
    if (!`${r.subject}\n${r.description}`.toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** One 1-based page of `items` (row count clamped to 1..100, default 25), with the total. */
export function pageOf<T>(items: readonly T[], page: PageRequest = {}): Page<T> {
  const startIndex = Math.max(1, Math.floor(page.startIndex ?? 1));
  const rowCount = Math.min(100, Math.max(1, Math.floor(page.rowCount ?? 25)));
  const slice = items.slice(startIndex - 1, startIndex - 1 + rowCount);
  return {
    items: slice,
    startIndex,
    hasMore: startIndex - 1 + slice.length < items.length,
    total: items.length,
  };
}
