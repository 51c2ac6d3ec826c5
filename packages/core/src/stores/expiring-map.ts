/** How many entries an in-process store map keeps at most by default (see `ExpiringMap`). */
export const DEFAULT_MAX_ENTRIES = 50_000;

/**
 * A Map whose entries carry an expiry (epoch ms, by the caller's clock); expired entries read as absent.
 * Bounded: past `maxEntries` the entry written least recently goes, so a process under sustained load
 * keeps a fixed amount (the garbage collector's pauses grow with what the heap holds).
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #maxEntries: number;
  #writes = 0;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
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

  /** Writes an entry; it becomes the newest, so the first to go is always the one written least recently. */
  set(key: string, value: V, expiresAt: number, now: number): void {
    // A Map keeps a key where it was first inserted: delete it so a rewrite moves it to the end.
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    if (++this.#writes % 1000 === 0) this.sweep(now);
    // Only walk from the front when over the cap (the walk also steps over deleted slots).
    if (this.#entries.size <= this.#maxEntries) return;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  /** Reads an entry even if expired (for ownership checks). */
  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops expired entries; returns how many. */
  sweep(now: number): number {
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        removed++;
      }
    }
    return removed;
  }
}
