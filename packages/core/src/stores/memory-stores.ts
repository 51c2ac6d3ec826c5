import type { Stores } from "../ports/stores.ts";
import { checkedMaxEntries, type MemoryMapOptions } from "./expiring-map.ts";
import { MemoryAuditLog } from "./memory-audit-log.ts";
import { MemoryDedupStore } from "./memory-dedup-store.ts";
import { MemoryIdempotencyStore } from "./memory-idempotency-store.ts";
import { MemoryOutbox } from "./memory-outbox.ts";
import { MemoryRateLimiter, MemoryReplayGuard, MemoryTokenCache } from "./memory-small-stores.ts";

/**
 * Every store in process memory: for tests and single-process demos. Nothing survives a restart.
 * Each map of keys, and the outbox's delivered records, keep at most `maxEntries` (default
 * `DEFAULT_MAX_ENTRIES`, 10 000), forgetting the least recently written first.
 */
export function createMemoryStores(options: MemoryMapOptions = {}): Stores {
  const maxEntries = checkedMaxEntries(options.maxEntries);
  const replay = new MemoryReplayGuard(options);
  return {
    kind: "memory",
    dedup: new MemoryDedupStore(replay, options),
    idempotency: new MemoryIdempotencyStore(options),
    replay,
    rateLimiter: new MemoryRateLimiter(options),
    tokenCache: new MemoryTokenCache(),
    outbox: new MemoryOutbox({ maxDelivered: maxEntries }),
    audit: new MemoryAuditLog(),
    async health() {
      return { ok: true, kind: "memory" };
    },
    async close() {},
  };
}
