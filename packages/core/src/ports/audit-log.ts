/**
 * The audit log of MCP writes: who changed which ticket with which tool, when, and how it ended.
 * Implemented in memory and SQLite (`@ispn/core`, `@ispn/core/sqlite`) and Redis
 * (`@ispn/store-redis`); every implementation passes the audit part of `runStoreContract`.
 *
 * Entries are kept for good (SQLite), or up to a cap (memory, Redis: see each implementation).
 * Storage failures throw `StoreError`.
 */

/** How a write ended. */
export type AuditOutcome = "ok" | "error";

/** One write made through MCP. Holds no note bodies and only masked caller numbers. */
export interface AuditEntry {
  /** Epoch ms when the write finished. */
  at: number;
  /** Who did it: the person named on their MCP token, or the OS user / configured name for stdio. */
  actor: string;
  /** How it came in: `"http"` (a person's token), `"voice"` (a voice-profile token) or `"stdio"`. */
  via: string;
  /** The MCP tool, e.g. `ticket_update`. */
  tool: string;
  /** The ticket written to, when known (its id). */
  ticketId?: string;
  outcome: AuditOutcome;
  /** The error code when `outcome` is `"error"` (e.g. `helpdesk_not_found`, `scope`). */
  code?: string;
  /** The caller's number, already masked (`+1******4567`); never a full number. */
  caller?: string;
}

/** Which entries to read; every field narrows the result. */
export interface AuditQuery {
  actor?: string;
  tool?: string;
  ticketId?: string;
  /** Entries at or after this epoch ms. */
  since?: number;
  /** At most this many, newest first. Default {@link AUDIT_DEFAULT_LIMIT}, at most {@link AUDIT_MAX_LIMIT}. */
  limit?: number;
}

export const AUDIT_DEFAULT_LIMIT = 50;
export const AUDIT_MAX_LIMIT = 500;

export interface AuditLog {
  /** Records one entry durably before resolving. */
  append(entry: AuditEntry): Promise<void>;
  /** The entries matching `query`, newest first. */
  query(query?: AuditQuery): Promise<AuditEntry[]>;
}

/** The limit to apply to a query (default, bounded). */
export function auditLimit(query: AuditQuery | undefined): number {
  const limit = query?.limit ?? AUDIT_DEFAULT_LIMIT;
  return Math.max(1, Math.min(AUDIT_MAX_LIMIT, Math.trunc(limit)));
}

/** True when `entry` matches every field of `query` (for stores that filter in code). */
export function auditMatches(entry: AuditEntry, query: AuditQuery | undefined): boolean {
  if (!query) return true;
  if (query.actor !== undefined && entry.actor !== query.actor) return false;
  if (query.tool !== undefined && entry.tool !== query.tool) return false;
  if (query.ticketId !== undefined && entry.ticketId !== query.ticketId) return false;
  if (query.since !== undefined && entry.at < query.since) return false;
  return true;
}
