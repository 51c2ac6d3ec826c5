import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from "../ports/stores.ts";
import { ExpiringMap, type MemoryMapOptions } from "./expiring-map.ts";

type Record = { fingerprint: string; response?: StoredResponse };

/** In-process Idempotency-Key store. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #records: ExpiringMap<Record>;
  constructor(options: MemoryMapOptions = {}) {
    this.#records = new ExpiringMap(options);
  }

  async begin({
    key,
    fingerprint,
    leaseMs,
    now,
  }: Parameters<IdempotencyStore["begin"]>[0]): Promise<IdempotencyBegin> {
    const record = this.#records.get(key, now);
    if (!record) {
      this.#records.set(key, { fingerprint }, now + leaseMs, now);
      return { kind: "started" };
    }
    if (record.fingerprint !== fingerprint) return { kind: "mismatch" };
    return record.response ? { kind: "replay", response: record.response } : { kind: "in_flight" };
  }

  async extend({
    key,
    fingerprint,
    leaseMs,
    now,
  }: Parameters<IdempotencyStore["extend"]>[0]): Promise<boolean> {
    const record = this.#records.get(key, now);
    if (!record || record.response || record.fingerprint !== fingerprint) return false;
    this.#records.set(key, record, now + leaseMs, now);
    return true;
  }

  async finish({
    key,
    fingerprint,
    response,
    ttlMs,
    now,
  }: Parameters<IdempotencyStore["finish"]>[0]): Promise<void> {
    this.#records.set(key, { fingerprint, response }, now + ttlMs, now);
  }

  async abandon(key: string): Promise<void> {
    this.#records.delete(key);
  }
}
