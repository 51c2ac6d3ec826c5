/** Where each store keeps its data, under the configurable prefix (default `ispn:`). */
export interface KeyLayout {
  dedup(key: string): string;
  idempotency(key: string): string;
  replay(key: string): string;
  rateLimit(key: string): string;
  token(key: string): string;
  lock(key: string): string;
  /** The hash of one outbox entry (by its upper-case reference). */
  outboxEntry(reference: string): string;
  /** The follow-up texts of one queued outbox entry. */
  outboxFollowUps(reference: string): string;
  /** The sorted set of queued references, by queue time. */
  outboxQueue(): string;
  /** The audit log of MCP writes (one list, newest first). */
  audit(): string;
}

/** The key layout documented in the README: `<prefix><store>:<caller's key>`. */
export function keyLayout(prefix: string): KeyLayout {
  return {
    dedup: (key) => `${prefix}dedup:${key}`,
    idempotency: (key) => `${prefix}idem:${key}`,
    replay: (key) => `${prefix}seen:${key}`,
    rateLimit: (key) => `${prefix}rl:${key}`,
    token: (key) => `${prefix}token:${key}`,
    lock: (key) => `${prefix}lock:${key}`,
    outboxEntry: (reference) => `${prefix}outbox:h:${reference}`,
    outboxFollowUps: (reference) => `${prefix}outbox:f:${reference}`,
    outboxQueue: () => `${prefix}outbox:queue`,
    audit: () => `${prefix}audit`,
  };
}

/** Extra physical lifetime beyond the logical one, so a caller's clock that runs slow never loses live data. */
export const TTL_MARGIN_MS = 60_000;

/** Shortest physical lifetime (before the margin), so a logical expiry at or before `now` still yields a valid PX. */
const MIN_TTL_MS = 1000;

/**
 * The Redis `PX` for an entry that logically lives `logicalMs` more (by the caller's clock).
 * Expiry is decided by the stored timestamps; this only makes sure nothing lives forever and
 * nothing vanishes before its logical end while the caller's clock keeps up with real time.
 */
export function physicalTtlMs(logicalMs: number): number {
  const ms = Number.isFinite(logicalMs) ? Math.ceil(logicalMs) : 0;
  return Math.max(ms, MIN_TTL_MS) + TTL_MARGIN_MS;
}

/** Tokens carry no caller clock: keep them until their `expiresAt` by real time, plus an hour. */
export const TOKEN_GRACE_MS = 3_600_000;
