import {
  type AuditEntry,
  type AuditLog,
  type AuditQuery,
  auditLimit,
  auditMatches,
} from "../ports/audit-log.ts";

/** Audit log in process memory, for tests and demos: the newest `capacity` entries (default 10 000). */
export class MemoryAuditLog implements AuditLog {
  readonly #entries: AuditEntry[] = [];
  readonly #capacity: number;
  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }
  async append(entry: AuditEntry): Promise<void> {
    this.#entries.push({ ...entry });
    if (this.#entries.length > this.#capacity) this.#entries.shift();
  }
  async query(query?: AuditQuery): Promise<AuditEntry[]> {
    const limit = auditLimit(query);
    const found: AuditEntry[] = [];
    for (let i = this.#entries.length - 1; i >= 0 && found.length < limit; i--) {
      const entry = this.#entries[i]!;
      if (auditMatches(entry, query)) found.push({ ...entry });
    }
    return found;
  }
}
