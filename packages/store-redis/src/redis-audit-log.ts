import { type AuditEntry, type AuditLog, type AuditQuery, auditLimit, auditMatches } from "@ispn/core";
import type { KeyLayout } from "./keys.ts";
import type { RedisConnection } from "./redis-connection.ts";

/** How many entries the Redis audit log keeps by default (the oldest are dropped beyond it). */
export const DEFAULT_AUDIT_CAPACITY = 100_000;
/** Entries read per round trip while filtering a query. */
const SCAN_CHUNK = 500;

/**
 * Audit log on Redis, shared by every replica: one list `<prefix>audit`, newest first, each entry
 * as JSON, trimmed to `capacity` in the same transaction as the push.
 */
export class RedisAuditLog implements AuditLog {
  readonly #redis: RedisConnection;
  readonly #key: string;
  readonly #capacity: number;

  constructor(redis: RedisConnection, keys: KeyLayout, capacity = DEFAULT_AUDIT_CAPACITY) {
    this.#redis = redis;
    this.#key = keys.audit();
    this.#capacity = capacity;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.#redis.run("audit.append", (client) =>
      client
        .multi()
        .lPush(this.#key, JSON.stringify(entry))
        .lTrim(this.#key, 0, this.#capacity - 1)
        .exec(),
    );
  }

  async query(query?: AuditQuery): Promise<AuditEntry[]> {
    const limit = auditLimit(query);
    const found: AuditEntry[] = [];
    for (let start = 0; found.length < limit; start += SCAN_CHUNK) {
      const chunk = await this.#redis.run("audit.query", (client) =>
        client.lRange(this.#key, start, start + SCAN_CHUNK - 1),
      );
      for (const raw of chunk) {
        const entry = JSON.parse(raw) as AuditEntry;
        // newest first: nothing further down the list is recent enough
        if (query?.since !== undefined && entry.at < query.since) return found;
        if (auditMatches(entry, query)) found.push(entry);
        if (found.length === limit) return found;
      }
      if (chunk.length < SCAN_CHUNK) break;
    }
    return found;
  }
}
