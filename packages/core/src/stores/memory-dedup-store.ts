import type { ClaimOutcome, DedupEntry, DedupStore } from "../ports/stores.ts";
import { ExpiringMap } from "./expiring-map.ts";

const expiryOf = (entry: DedupEntry) => (entry.state === "pending" ? entry.leaseExpiresAt : entry.expiresAt);

/** In-process dedup store. Atomic because each method runs without yielding. */
export class MemoryDedupStore implements DedupStore {
  readonly #entries = new ExpiringMap<DedupEntry>();

  async claim({ keys, claimId, leaseMs, now }: Parameters<DedupStore["claim"]>[0]): Promise<ClaimOutcome> {
    const live = keys.map((key) => ({ key, entry: this.#entries.get(key, now) }));
    for (const { key, entry } of live) {
      if (entry?.state === "ticket") return { kind: "hit", key, ticket: entry.ticket };
    }
    for (const { key, entry } of live) {
      if (entry?.state === "pending" && entry.claimId !== claimId) {
        return { kind: "pending", key, leaseExpiresAt: entry.leaseExpiresAt };
      }
    }
    const pending: DedupEntry = { state: "pending", claimId, leaseExpiresAt: now + leaseMs };
    for (const key of keys) this.#entries.set(key, pending, expiryOf(pending), now);
    return { kind: "claimed" };
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
    return this.#entries.get(key, now);
  }
}
