import type { Logger } from "../logger.ts";
import type { Stores, TokenCache } from "../ports/stores.ts";
import { encryptTokenCache } from "../secrets/encrypted-token-cache.ts";
import { createTokenCipher, generateTokenKey, type TokenKeys } from "../secrets/token-cipher.ts";
import { SqliteAuditLog } from "./sqlite-audit-log.ts";
import { SqliteDb } from "./sqlite-db.ts";
import { SqliteDedupStore } from "./sqlite-dedup-store.ts";
import { SqliteIdempotencyStore } from "./sqlite-idempotency-store.ts";
import { SqliteOutbox } from "./sqlite-outbox.ts";
import { purgeExpired } from "./sqlite-schema.ts";
import { SqliteRateLimiter, SqliteReplayGuard, SqliteTokenCache } from "./sqlite-small-stores.ts";
import { loadOrCreateTokenKeyFile, tokenKeyFilePath } from "./sqlite-token-key-file.ts";

export interface SqliteStoresOptions {
  /** Database file (created with its directory), or ":memory:". */
  path: string;
  /** How long a writer waits for another process's transaction. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** How often expired rows are deleted. Default 60 s; 0 disables the timer. */
  cleanupIntervalMs?: number;
  now?: () => number;
  /**
   * Keys that encrypt cached SDP tokens (AES-256-GCM). When absent, a key is generated once into
   * `token-encryption.key` (0600) beside the database and read from there afterwards (a random
   * key of this process for ":memory:"). Tokens are never stored in plain text.
   */
  tokenKeys?: TokenKeys;
  /** Told when a key file is generated and when a cached token cannot be decrypted. */
  logger?: Logger;
}

/**
 * Every store in one SQLite file: the embedded default, shared by http-ingest and mcp-stdio on
 * one host so their handoffs dedup against each other. Safe for several processes (WAL, busy
 * timeout, one transaction per operation). Throws `StoreError` when the file cannot be opened.
 */
export function createSqliteStores(options: SqliteStoresOptions): Stores {
  const sql = new SqliteDb(options.path, options.busyTimeoutMs ?? 5000);
  let tokenCache: TokenCache;
  try {
    tokenCache = encryptedTokenCache(sql, options);
  } catch (error) {
    sql.db.close();
    throw error;
  }
  const now = options.now ?? Date.now;
  const interval = options.cleanupIntervalMs ?? 60_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          try {
            sql.tx(() => purgeExpired(sql.db, now()));
          } catch {
            // a busy database is fine: the next round cleans up
          }
        }, interval)
      : undefined;
  timer?.unref();
  let closed = false;
  return {
    kind: "sqlite",
    dedup: new SqliteDedupStore(sql),
    idempotency: new SqliteIdempotencyStore(sql),
    replay: new SqliteReplayGuard(sql),
    rateLimiter: new SqliteRateLimiter(sql),
    tokenCache,
    outbox: new SqliteOutbox(sql),
    audit: new SqliteAuditLog(sql),
    async health() {
      try {
        sql.run(() => sql.prepare("SELECT 1").get());
        return { ok: true, kind: "sqlite" };
      } catch (error) {
        return { ok: false, kind: "sqlite", detail: (error as Error).message };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      sql.db.close();
    },
  };
}

function encryptedTokenCache(sql: SqliteDb, options: SqliteStoresOptions): TokenCache {
  let keys = options.tokenKeys;
  if (!keys && options.path === ":memory:") keys = { current: generateTokenKey() };
  if (!keys) {
    const file = tokenKeyFilePath(options.path);
    const { key, created } = loadOrCreateTokenKeyFile(file);
    if (created) options.logger?.info({ file }, "generated the token encryption key file (owner-only)");
    keys = { current: key };
  }
  dropPlainTokens(sql);
  return encryptTokenCache(new SqliteTokenCache(sql), createTokenCipher(keys), {
    onUnreadable: (key) =>
      options.logger?.warn(
        { tokenCacheKey: key },
        "a cached SDP token could not be decrypted (key changed?): minting a new one",
      ),
  });
}

/**
 * Deletes tokens an older release stored in plain text (they would read as misses anyway), with
 * `secure_delete` so their bytes are overwritten rather than left in free pages.
 */
function dropPlainTokens(sql: SqliteDb): void {
  const plain = "SELECT 1 FROM tokens WHERE access_token NOT LIKE 'v1.%' LIMIT 1";
  if (!sql.run(() => sql.prepare(plain).get())) return;
  sql.db.exec("PRAGMA secure_delete = ON");
  try {
    sql.tx(() => sql.prepare("DELETE FROM tokens WHERE access_token NOT LIKE 'v1.%'").run());
  } finally {
    sql.db.exec("PRAGMA secure_delete = OFF");
  }
}
