/**
 * A budget of bytes shared by concurrent requests: bodies not yet authenticated hold their bytes
 * here while they are read, so a flood of large unsigned bodies cannot take the process's memory.
 */
export class ByteBudget {
  #free: number;
  readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
    this.#free = capacity;
  }
  /** Bytes nobody holds now. */
  get free(): number {
    return this.#free;
  }
  /** A holding for one request: take bytes as they arrive, release all of them at once. */
  hold(): BudgetHold {
    let held = 0;
    return {
      take: (bytes) => {
        if (bytes > this.#free) return false;
        this.#free -= bytes;
        held += bytes;
        return true;
      },
      release: () => {
        this.#free += held;
        held = 0;
      },
    };
  }
}

/** One request's share of a {@link ByteBudget}. */
export interface BudgetHold {
  /** Takes `bytes` more; false (nothing taken) when the budget has not that many free. */
  take(bytes: number): boolean;
  /** Gives back everything taken. Idempotent. */
  release(): void;
}
