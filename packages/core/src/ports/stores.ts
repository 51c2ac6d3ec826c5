import type { TicketRef } from "../ticket.ts";
import type { AuditLog } from "./audit-log.ts";
import type { Outbox } from "./outbox.ts";

/**
 * Store ports. Implemented in memory and SQLite (`@ispn/core`, `@ispn/core/sqlite`) and Redis
 * (`@ispn/store-redis`); every implementation passes `runStoreContract` from `@ispn/core/testing`.
 *
 * Time is passed in (`now`, epoch ms) so behaviour follows an injected clock; implementations
 * may additionally set physical TTLs (Redis `PX`) derived from the same numbers.
 * Storage failures throw `StoreError`.
 */

/**
 * How long the markers of a pending claim are kept after its lease ends, so whoever next claims
 * the key can look for the ticket a crashed creator may have made: 24 hours.
 */
export const ABANDONED_INTENT_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What a dedup key points at. */
export type DedupEntry =
  /**
   * A creator holds the key while it creates the ticket; the lease (renewed while the creator is
   * alive) ends a crashed creator's hold. `markers` are the create intents recorded on the key: the
   * creator's own marker and those of earlier creators that abandoned the key (crashed) without
   * recording a ticket; whoever takes over looks for a ticket by each before creating.
   */
  | { state: "pending"; claimId: string; leaseExpiresAt: number; markers: string[] }
  /** The key maps to a ticket until `expiresAt` (the dedup window). */
  | { state: "ticket"; ticket: TicketRef; expiresAt: number };

export type ClaimOutcome =
  /**
   * No live entry on any key: all keys now hold a pending claim by `claimId`. `abandoned` lists the
   * markers of create intents left on these keys by creators whose lease ended (a crash): their
   * tickets may exist, so look for each before creating. The claimer's own marker is among them
   * when an earlier attempt of the same handoff left it.
   */
  (
    | { kind: "claimed"; abandoned: string[] }
    /** A key maps to a live ticket (keys are checked in the order given). */
    | { kind: "hit"; key: string; ticket: TicketRef }
    /** Another creator holds a key; wait and claim again. */
    | { kind: "pending"; key: string; leaseExpiresAt: number }
  ) & {
    /** With `seen` in the request: true when `seen.key` had not been seen (within its ttl) before this claim. */
    firstSeen?: boolean;
  };

/**
 * A replay-guard mark taken with a claim: what `ReplayGuard.firstSeen({ key, ttlMs, now })` does on
 * the same backend's replay guard (`Stores.replay`), in the same atomic step as the claim.
 */
export interface SeenMark {
  key: string;
  ttlMs: number;
}

export interface DedupStore {
  /**
   * Atomically (across processes sharing the store): if any key maps to a ticket whose window
   * has not ended → `hit` (first such key in order); else if any key holds another claim whose
   * lease has not ended → `pending`; else writes a pending claim on every key → `claimed`.
   * Expired entries count as absent, except that the markers of a pending entry whose lease ended
   * are carried into the new claim and reported as `abandoned`. `marker` is the new creator's
   * create intent, recorded durably with the claim before the helpdesk is called.
   *
   * With `seen`, the same step also marks `seen.key` in this backend's replay guard (`Stores.replay`:
   * the same records `ReplayGuard.firstSeen` reads and writes) whatever the outcome, and answers
   * `firstSeen`: a handoff learns whether an earlier attempt ran, and claims, in one round trip or
   * transaction. Exactly one of concurrent claims with the same `seen.key` gets `firstSeen: true`.
   */
  claim(request: {
    keys: readonly string[];
    claimId: string;
    marker: string;
    leaseMs: number;
    now: number;
    seen?: SeenMark;
  }): Promise<ClaimOutcome>;
  /**
   * Extends the lease of a claim `claimId` still holds on every key to `now + leaseMs`. Returns false
   * (and writes nothing) when it no longer holds them all.
   */
  renew(request: {
    keys: readonly string[];
    claimId: string;
    leaseMs: number;
    now: number;
  }): Promise<boolean>;
  /**
   * Turns the claim into ticket entries that live until `now + windowMs`. Returns false (and writes
   * nothing) when `claimId` no longer holds every key, e.g. its lease ended and another took over.
   */
  complete(request: {
    keys: readonly string[];
    claimId: string;
    ticket: TicketRef;
    windowMs: number;
    now: number;
  }): Promise<boolean>;
  /**
   * Drops the pending claims `claimId` still holds: its create failed without a ticket. Markers of
   * earlier abandoned intents that were searched for and not found go with it.
   */
  release(request: { keys: readonly string[]; claimId: string }): Promise<void>;
  /** Drops the keys that still point at `ticketId` (the ticket was closed, resolved or deleted). */
  forget(request: { keys: readonly string[]; ticketId: string }): Promise<void>;
  /** The live entry of a key, or `undefined`. */
  get(key: string, now: number): Promise<DedupEntry | undefined>;
  /**
   * In one step: writes a ticket entry on `key`, living until `now + ttlMs`, unless the key holds a
   * live entry (a ticket, or a claim whose lease has not ended). Returns whether it wrote. For
   * first-writer-wins records that need no create intent (e.g. which ticket a conversation landed
   * on): one transaction or round trip instead of `claim` + `complete`.
   */
  record(request: { key: string; ticket: TicketRef; ttlMs: number; now: number }): Promise<boolean>;
}

/** A response kept for Idempotency-Key replay. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type IdempotencyBegin =
  /** First use of the key: the caller processes the request, then `finish` or `abandon`. */
  | { kind: "started" }
  /** The first request with this key is still running → 409. */
  | { kind: "in_flight" }
  /** The key was used with another request body → 422. */
  | { kind: "mismatch" }
  /** Completed before: answer with the stored response. */
  | { kind: "replay"; response: StoredResponse };

export interface IdempotencyStore {
  /**
   * Atomically records the key as in flight (for `leaseMs`) with the request `fingerprint`, or
   * reports what is there. An in-flight record whose lease ended counts as absent.
   */
  begin(request: {
    key: string;
    fingerprint: string;
    leaseMs: number;
    now: number;
  }): Promise<IdempotencyBegin>;
  /**
   * Extends the lease of a key still in flight with this fingerprint to `now + leaseMs` (the first
   * request is alive and still working). Returns false when the key is finished, gone or another's.
   */
  extend(request: { key: string; fingerprint: string; leaseMs: number; now: number }): Promise<boolean>;
  /** Stores the final response for `ttlMs`. */
  finish(request: {
    key: string;
    fingerprint: string;
    response: StoredResponse;
    ttlMs: number;
    now: number;
  }): Promise<void>;
  /** Forgets an in-flight key whose answer must not be replayed (the request may be retried). */
  abandon(key: string): Promise<void>;
}

/** Remembers values seen once (HMAC signatures, processed webhook events). */
export interface ReplayGuard {
  /** True the first time `key` is seen within `ttlMs`; false after. Atomic. */
  firstSeen(request: { key: string; ttlMs: number; now: number }): Promise<boolean>;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends. */
  resetMs: number;
}

/** Fixed-window counters per client. */
export interface RateLimiter {
  hit(request: { key: string; limit: number; windowMs: number; now: number }): Promise<RateLimitResult>;
}

/** An access token shared between processes (one Zoho token mint per fleet, not per replica). */
export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token must not be used. */
  expiresAt: number;
}

/** Token cache with a refresh lock, so one process refreshes while the others wait. */
export interface TokenCache {
  get(key: string): Promise<CachedToken | undefined>;
  set(key: string, token: CachedToken): Promise<void>;
  /** Deletes the token (e.g. it was rejected with 401). */
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding the refresh lock of `key` (held at most `ttlMs`). Returns `undefined`
   * without running `fn` when another holder keeps the lock past `waitMs`.
   */
  withLock<T>(
    key: string,
    options: { ttlMs: number; waitMs: number },
    fn: () => Promise<T>,
  ): Promise<T | undefined>;
}

/** Every store one process needs, from one backend. */
export interface Stores {
  /** "memory", "sqlite", "redis". */
  readonly kind: string;
  readonly dedup: DedupStore;
  readonly idempotency: IdempotencyStore;
  readonly replay: ReplayGuard;
  readonly rateLimiter: RateLimiter;
  readonly tokenCache: TokenCache;
  /** Handoffs kept for the helpdesk while it cannot take them. */
  readonly outbox: Outbox;
  /** Every write made through MCP (who, tool, ticket, outcome). */
  readonly audit: AuditLog;
  /** Reachability check; never throws. */
  health(): Promise<{ ok: boolean; kind: string; detail?: string }>;
  close(): Promise<void>;
}
