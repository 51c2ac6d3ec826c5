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
 *
 * An entry is no object of its own: the queue is three parallel arrays (key, value, expiry) and the
 * Map holds each key's position in them. Expiries are epoch ms, too large for V8's small integers,
 * so an entry object would also carry a boxed number: two objects per entry that every young
 * collection copied and every full one marked (bench/README.md, "GC pauses"). The expiry array
 * holds only numbers, so V8 stores them unboxed.
 *
 * The arrays are compacted in place and never shrink: the queue's end is `#tail`, not the arrays'
 * length. At the cap they are 170–260 KB each, which V8 keeps in pages of their own; new arrays at
 * each compaction (every ≈ 11 000 writes at a 10 000-key cap) meant three such pages to map, fault
 * in and later unmap in a full collection's `finish`, which on the bench's VM is slow
 * (bench/README.md, "Caveats"). Once the arrays have grown to the queue's longest, writing is a
 * store into them: no new queue arrays.
 */
export class ExpiringMap<V> {
  /** Each held key's position in the queue (an index into the three arrays). */
  readonly #positions = new Map<string, number>();
  readonly #maxEntries: number;
  /**
   * The queue, oldest first, in positions `#head` to `#tail`; a position whose key is `undefined`
   * was rewritten or deleted, or is past the tail.
   */
  readonly #keys: (string | undefined)[] = [];
  readonly #values: (V | undefined)[] = [];
  readonly #expiries: number[] = [];
  /** The oldest position not yet passed by the expiry and cap sweeps. */
  #head = 0;
  /** The position the next write takes. */
  #tail = 0;

  constructor(options: MemoryMapOptions = {}) {
    this.#maxEntries = checkedMaxEntries(options.maxEntries);
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#positions.size;
  }

  get(key: string, now: number): V | undefined {
    const at = this.#positions.get(key);
    if (at === undefined) return undefined;
    if ((this.#expiries[at] as number) <= now) {
      this.#remove(key, at);
      return undefined;
    }
    return this.#values[at];
  }

  /** Writes an entry; it becomes the newest, so a rewritten key outlives keys written since its first write. */
  set(key: string, value: V, expiresAt: number, now: number): void {
    const previous = this.#positions.get(key);
    if (previous !== undefined) this.#clear(previous);
    const at = this.#tail++;
    this.#positions.set(key, at);
    this.#keys[at] = key;
    this.#values[at] = value;
    this.#expiries[at] = expiresAt;
    this.#dropExpiredOldest(now);
    while (this.#positions.size > this.#maxEntries) this.#dropOldest();
    this.#compact();
  }

  /** Reads an entry even if expired (for ownership checks). */
  peek(key: string): V | undefined {
    const at = this.#positions.get(key);
    return at === undefined ? undefined : this.#values[at];
  }

  delete(key: string): void {
    const at = this.#positions.get(key);
    if (at !== undefined) this.#remove(key, at);
  }

  #remove(key: string, at: number): void {
    this.#positions.delete(key);
    this.#clear(at);
  }

  /** Empties a position, so the queue holds nothing of an entry that is gone or was rewritten. */
  #clear(at: number): void {
    this.#keys[at] = undefined;
    this.#values[at] = undefined;
  }

  /** Steps over at most 4 queue positions from the oldest: drops the expired, stops at a live one. */
  #dropExpiredOldest(now: number): void {
    for (let step = 0; step < 4 && this.#head < this.#tail; step++) {
      const key = this.#keys[this.#head];
      if (key !== undefined) {
        if ((this.#expiries[this.#head] as number) > now) return;
        this.#remove(key, this.#head);
      }
      this.#head++;
    }
  }

  #dropOldest(): void {
    while (this.#head < this.#tail) {
      const at = this.#head++;
      const key = this.#keys[at];
      if (key !== undefined) {
        this.#remove(key, at);
        return;
      }
    }
  }

  /**
   * Keeps the queue within twice the live entries: moves the live ones, in order, to the front of
   * the same arrays in one pass, and empties the positions they leave.
   */
  #compact(): void {
    if (this.#tail <= 2 * this.#positions.size + 1024) return;
    const keys = this.#keys;
    const values = this.#values;
    const expiries = this.#expiries;
    let to = 0;
    for (let at = this.#head; at < this.#tail; at++) {
      const key = keys[at];
      if (key === undefined) continue;
      if (to !== at) {
        this.#positions.set(key, to);
        keys[to] = key;
        values[to] = values[at];
        expiries[to] = expiries[at] as number;
      }
      to++;
    }
    for (let at = to; at < this.#tail; at++) {
      keys[at] = undefined;
      values[at] = undefined;
    }
    this.#head = 0;
    this.#tail = to;
  }
}
