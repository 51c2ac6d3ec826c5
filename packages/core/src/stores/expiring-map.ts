/**
 * How many entries an in-process store map keeps at most by default (see `ExpiringMap`): far more
 * than a single process's handoffs in a dedup window at any realistic call rate, and small enough
 * that the heap stays at tens of MB under sustained load. At 50 000 the memory store's heap held
 * ≈ 130 MB at 500 handoffs a second and its full collections took 12–22 ms; at 10 000, ≈ 56 MB and
 * ≈ 10 ms (bench/README.md, "GC pauses").
 */
export const DEFAULT_MAX_ENTRIES = 10_000;

/** `maxEntries`, or the default; throws a `RangeError` that says what is wrong for any other than a whole number ≥ 1. */
export function checkedMaxEntries(maxEntries: number | undefined): number {
  if (maxEntries === undefined) return DEFAULT_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError(`maxEntries must be a whole number of at least 1 (got ${maxEntries})`);
  return maxEntries;
}

/** Options of the in-process stores built on `ExpiringMap`. */
export interface MemoryMapOptions {
  /** Entries kept at most per map (default `DEFAULT_MAX_ENTRIES`); past it the least recently written goes. */
  maxEntries?: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  /** Which write made this entry: its place in the write order. */
  write: number;
}

/**
 * A Map whose entries carry an expiry (epoch ms, by the caller's clock); expired entries read as absent.
 * Bounded: past `maxEntries` the entry written least recently goes, so a process under sustained load
 * keeps a fixed amount (the garbage collector's pauses grow with what the heap holds).
 *
 * The write order is a queue of its own, not the Map's insertion order: finding a Map's first live
 * key means stepping over every key deleted before it, which at the cap cost ≈ 25 µs a write.
 *
 * Expired entries go from the old end of that queue as new ones are written, a few per write, with
 * no scan of the whole map: where entries written later mostly expire later (one store's entries
 * share a lifetime or two), they leave about when they expire. An entry that outlives those written
 * after it holds them until it expires or the cap takes it; they read as absent meanwhile.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxEntries: number;
  /** Keys in write order from `#head` on, with the write that put each there (stale once rewritten). */
  #order: string[] = [];
  #orderWrites: number[] = [];
  #head = 0;
  #writes = 0;

  constructor(options: MemoryMapOptions = {}) {
    this.#maxEntries = checkedMaxEntries(options.maxEntries);
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Writes an entry; it becomes the newest, so a rewritten key outlives keys written since its first write. */
  set(key: string, value: V, expiresAt: number, now: number): void {
    const write = ++this.#writes;
    this.#entries.set(key, { value, expiresAt, write });
    this.#order.push(key);
    this.#orderWrites.push(write);
    this.#dropExpiredOldest(now);
    while (this.#entries.size > this.#maxEntries) this.#dropOldest();
    this.#compactOrder();
  }

  /** Reads an entry even if expired (for ownership checks). */
  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Steps over at most 4 queue positions from the oldest: drops the expired, stops at a live one. */
  #dropExpiredOldest(now: number): void {
    for (let step = 0; step < 4 && this.#head < this.#order.length; step++) {
      const key = this.#order[this.#head] as string;
      const entry = this.#entries.get(key);
      if (entry !== undefined && entry.write === this.#orderWrites[this.#head]) {
        if (entry.expiresAt > now) return;
        this.#entries.delete(key);
      }
      this.#head++;
    }
  }

  #dropOldest(): void {
    while (this.#head < this.#order.length) {
      const key = this.#order[this.#head] as string;
      const write = this.#orderWrites[this.#head] as number;
      this.#head++;
      // Only the key's latest write counts; an earlier one was superseded (or the key is gone).
      if (this.#entries.get(key)?.write === write) {
        this.#entries.delete(key);
        return;
      }
    }
  }

  /** Keeps the queue within twice the live entries: used and stale positions are dropped in one pass. */
  #compactOrder(): void {
    if (this.#order.length <= 2 * this.#entries.size + 1024) return;
    const order: string[] = [];
    const writes: number[] = [];
    for (let i = this.#head; i < this.#order.length; i++) {
      const key = this.#order[i] as string;
      const write = this.#orderWrites[i] as number;
      if (this.#entries.get(key)?.write === write) {
        order.push(key);
        writes.push(write);
      }
    }
    this.#order = order;
    this.#orderWrites = writes;
    this.#head = 0;
  }
}
