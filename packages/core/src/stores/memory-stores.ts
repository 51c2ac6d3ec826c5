import type { Stores } from "../ports/stores.ts";
import { MemoryAuditLog } from "./memory-audit-log.ts";
import { MemoryDedupStore } from "./memory-dedup-store.ts";
import { MemoryIdempotencyStore } from "./memory-idempotency-store.ts";
import { MemoryOutbox } from "./memory-outbox.ts";
import { MemoryRateLimiter, MemoryReplayGuard, MemoryTokenCache } from "./memory-small-stores.ts";

/** Every store in process memory: for tests and single-process demos. Nothing survives a restart. */
export function createMemoryStores(): Stores {
  const replay = new MemoryReplayGuard();
  return {
    kind: "memory",
    dedup: new MemoryDedupStore(replay),
    idempotency: new MemoryIdempotencyStore(),
    replay,
    rateLimiter: new MemoryRateLimiter(),
    tokenCache: new MemoryTokenCache(),
    outbox: new MemoryOutbox(),
    audit: new MemoryAuditLog(),
    async health() {
      return { ok: true, kind: "memory" };
    },
    async close() {},
  };
}
