import {
  ABANDONED_INTENT_RETENTION_MS,
  type ClaimOutcome,
  type DedupEntry,
  type DedupStore,
} from "../ports/stores.ts";
import { ExpiringMap, type MemoryMapOptions } from "./expiring-map.ts";
import { MemoryReplayGuard } from "./memory-small-stores.ts";

/** How long an entry is physically kept: a pending claim outlives its lease so its markers can be searched. */
const keepUntil = (entry: DedupEntry) =>
  entry.state === "pending" ? entry.leaseExpiresAt + ABANDONED_INTENT_RETENTION_MS : entry.expiresAt;

/**
 * In-process dedup store. Atomic because each method runs without yielding. A claim's `seen` mark
 * goes to `replay`, the replay guard of the same `Stores` (its own when none is given).
 */
export class MemoryDedupStore implements DedupStore {
  readonly #entries: ExpiringMap<DedupEntry>;
  readonly #replay: MemoryReplayGuard;

  constructor(replay: MemoryReplayGuard = new MemoryReplayGuard(), options: MemoryMapOptions = {}) {
    this.#replay = replay;
    this.#entries = new ExpiringMap(options);
  }

  async claim(request: Parameters<DedupStore["claim"]>[0]): Promise<ClaimOutcome> {
    const { seen, now } = request;
    const outcome = this.#claim(request);
    return seen ? { ...outcome, firstSeen: this.#replay.mark({ ...seen, now }) } : outcome;
  }

  #claim({ keys, claimId, marker, leaseMs, now }: Parameters<DedupStore["claim"]>[0]): ClaimOutcome {
    const stored = keys.map((key) => ({ key, entry: this.#entries.get(key, now) }));
    for (const { key, entry } of stored) {
      if (entry?.state === "ticket") return { kind: "hit", key, ticket: entry.ticket };
    }
    const abandoned = new Set<string>();
    for (const { key, entry } of stored) {
      if (entry?.state !== "pending") continue;
      if (entry.claimId !== claimId && entry.leaseExpiresAt > now) {
        return { kind: "pending", key, leaseExpiresAt: entry.leaseExpiresAt };
      }
      if (entry.claimId !== claimId) for (const m of entry.markers) abandoned.add(m);
    }
    const markers = abandoned.has(marker) ? [...abandoned] : [...abandoned, marker];
    const pending: DedupEntry = { state: "pending", claimId, leaseExpiresAt: now + leaseMs, markers };
    for (const key of keys) this.#entries.set(key, pending, keepUntil(pending), now);
    return { kind: "claimed", abandoned: [...abandoned] };
  }

  async renew({ keys, claimId, leaseMs, now }: Parameters<DedupStore["renew"]>[0]): Promise<boolean> {
    const held = keys.map((key) => this.#entries.peek(key));
    if (!held.every((e) => e?.state === "pending" && e.claimId === claimId)) return false;
    for (const [i, key] of keys.entries()) {
      const entry = {
        ...(held[i] as Extract<DedupEntry, { state: "pending" }>),
        leaseExpiresAt: now + leaseMs,
      };
      this.#entries.set(key, entry, keepUntil(entry), now);
    }
    return true;
  }

  async complete({
    keys,
    claimId,
    ticket,
    windowMs,
    now,
  }: Parameters<DedupStore["complete"]>[0]): Promise<boolean> {
    const owned = keys.every((key) => {
      const entry = this.#entries.peek(key);
      return entry?.state === "pending" && entry.claimId === claimId;
    });
    if (!owned) return false;
    const done: DedupEntry = { state: "ticket", ticket, expiresAt: now + windowMs };
    for (const key of keys) this.#entries.set(key, done, done.expiresAt, now);
    return true;
  }

  async release({ keys, claimId }: Parameters<DedupStore["release"]>[0]): Promise<void> {
    for (const key of keys) {
      const entry = this.#entries.peek(key);
      if (entry?.state === "pending" && entry.claimId === claimId) this.#entries.delete(key);
    }
  }

  async forget({ keys, ticketId }: Parameters<DedupStore["forget"]>[0]): Promise<void> {
    for (const key of keys) {
      const entry = this.#entries.peek(key);
      if (entry?.state === "ticket" && entry.ticket.id === ticketId) this.#entries.delete(key);
    }
  }

  async get(key: string, now: number): Promise<DedupEntry | undefined> {
    const entry = this.#entries.get(key, now);
    if (entry?.state === "pending" && entry.leaseExpiresAt <= now) return undefined;
    return entry;
  }

  async record({ key, ticket, ttlMs, now }: Parameters<DedupStore["record"]>[0]): Promise<boolean> {
    // No await before the write: records of one key cannot interleave.
    const current = this.#entries.get(key, now);
    if (current && !(current.state === "pending" && current.leaseExpiresAt <= now)) return false;
    const entry: DedupEntry = { state: "ticket", ticket, expiresAt: now + ttlMs };
    this.#entries.set(key, entry, entry.expiresAt, now);
    return true;
  }
}
