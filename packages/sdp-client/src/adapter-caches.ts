import type { Ticket } from "@ispn/core";
import { isTicketOpen } from "@ispn/core";
import { LRUCache } from "lru-cache";
import type { UserRef } from "./requests.ts";

/** Sizes and ages of the adapter's caches ({@link createSdpHelpdesk}'s `caches` option). */
export interface AdapterCacheOptions {
  /**
   * How long an open ticket read or written by this process is taken as still open without asking
   * SDP again (default 30 s; 0 turns the view off). A close made through this adapter drops it at
   * once; a close made in SDP by a technician is seen at most this late, so for that long a dedup hit
   * may still add its note to the just-closed ticket instead of opening a new one.
   */
  openTicketMaxAgeMs?: number;
  /** How long a caller number's requester match is reused (default 1 h; 0 turns the cache off). */
  requesterTtlMs?: number;
  /** The most tickets and caller numbers each cache keeps (default 10 000, least recently used dropped). */
  maxEntries?: number;
}

/** Tickets known open, for at most `openTicketMaxAgeMs` since SDP last said so. */
export interface OpenTicketView {
  get(id: string): Ticket | undefined;
  /** Keeps the ticket when it is open, forgets it otherwise. */
  saw(ticket: Ticket): void;
  forget(id: string): void;
}

/** Requester matches per caller number; `null` is "no single match" (the fallback requester). */
export interface RequesterCache {
  get(callerNumber: string): UserRef | null | undefined;
  set(callerNumber: string, requester: UserRef | null): void;
}

const NONE = Symbol("none");

export function createOpenTicketView(options: AdapterCacheOptions, now: () => number): OpenTicketView {
  const ttl = options.openTicketMaxAgeMs ?? 30_000;
  if (ttl <= 0) return { get: () => undefined, saw: () => undefined, forget: () => undefined };
  const cache = new LRUCache<string, Ticket>({ max: options.maxEntries ?? 10_000, ttl, perf: { now } });
  return {
    get: (id) => cache.get(id),
    saw(ticket) {
      if (isTicketOpen(ticket)) cache.set(ticket.id, ticket);
      else cache.delete(ticket.id);
    },
    forget: (id) => void cache.delete(id),
  };
}

export function createRequesterCache(options: AdapterCacheOptions, now: () => number): RequesterCache {
  const ttl = options.requesterTtlMs ?? 3_600_000;
  if (ttl <= 0) return { get: () => undefined, set: () => undefined };
  const cache = new LRUCache<string, UserRef | typeof NONE>({
    max: options.maxEntries ?? 10_000,
    ttl,
    perf: { now },
  });
  return {
    get(callerNumber) {
      const found = cache.get(callerNumber);
      return found === NONE ? null : found;
    },
    set: (callerNumber, requester) => void cache.set(callerNumber, requester ?? NONE),
  };
}
