import { randomUUID } from "node:crypto";
import type { CachedToken, RateLimiter, RateLimitResult, ReplayGuard, TokenCache } from "../ports/stores.ts";
import type { SqliteDb } from "./sqlite-db.ts";

/**
 * Marks `key` seen until `now + ttlMs`; true when it was not seen before (inserted, or an expired row
 * taken over). One statement: atomic on its own, or part of the caller's transaction (a dedup claim).
 */
export function markSeen(
  sql: SqliteDb,
  { key, ttlMs, now }: Parameters<ReplayGuard["firstSeen"]>[0],
): boolean {
  const written = sql
    .prepare(
      "INSERT INTO seen (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= ?",
    )
    .run(key, now + ttlMs, now);
  return Number(written.changes) === 1;
}

/** Replay guard on SQLite. */
export class SqliteReplayGuard implements ReplayGuard {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }
  async firstSeen(request: Parameters<ReplayGuard["firstSeen"]>[0]): Promise<boolean> {
    // One statement: one implicit transaction.
    return this.#sql.run(() => markSeen(this.#sql, request));
  }
}

/** Fixed-window rate limiter on SQLite. */
export class SqliteRateLimiter implements RateLimiter {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }
  async hit({ key, limit, windowMs, now }: Parameters<RateLimiter["hit"]>[0]): Promise<RateLimitResult> {
    const windowStart = Math.floor(now / windowMs) * windowMs;
    // One statement (its own implicit transaction): no BEGIN/COMMIT around it.
    const count = this.#sql.run(() => {
      const row = this.#sql
        .prepare(
          `INSERT INTO rate_limit (key, window_start, count, expires_at) VALUES (?, ?, 1, ?)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
             window_start = excluded.window_start, expires_at = excluded.expires_at
           RETURNING count`,
        )
        .get(key, windowStart, windowStart + windowMs) as { count: number };
      return row.count;
    });
    return {
      allowed: count <= limit,
      limit,
      remaining: Math.max(0, limit - count),
      resetMs: windowStart + windowMs - now,
    };
  }
}

/** Token cache on SQLite; its lock is a row, so processes sharing the file refresh one at a time. */
export class SqliteTokenCache implements TokenCache {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }
  async get(key: string): Promise<CachedToken | undefined> {
    const row = this.#sql.run(
      () =>
        this.#sql.prepare("SELECT access_token, expires_at FROM tokens WHERE key = ?").get(key) as
          | { access_token: string; expires_at: number }
          | undefined,
    );
    return row ? { accessToken: row.access_token, expiresAt: row.expires_at } : undefined;
  }
  async set(key: string, token: CachedToken): Promise<void> {
    this.#sql.run(() =>
      this.#sql
        .prepare("INSERT OR REPLACE INTO tokens (key, access_token, expires_at) VALUES (?, ?, ?)")
        .run(key, token.accessToken, token.expiresAt),
    );
  }
  async delete(key: string): Promise<void> {
    this.#sql.run(() => this.#sql.prepare("DELETE FROM tokens WHERE key = ?").run(key));
  }
  async withLock<T>(
    key: string,
    options: { ttlMs: number; waitMs: number },
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    const holder = randomUUID();
    const lockKey = `lock:${key}`;
    const deadline = Date.now() + options.waitMs;
    const acquire = () =>
      this.#sql.tx(() => {
        const now = Date.now();
        this.#sql.prepare("DELETE FROM locks WHERE key = ? AND expires_at <= ?").run(lockKey, now);
        return (
          Number(
            this.#sql
              .prepare("INSERT OR IGNORE INTO locks (key, holder, expires_at) VALUES (?, ?, ?)")
              .run(lockKey, holder, now + options.ttlMs).changes,
          ) === 1
        );
      });
    while (!acquire()) {
      if (Date.now() >= deadline) return undefined;
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      return await fn();
    } finally {
      this.#sql.run(() =>
        this.#sql.prepare("DELETE FROM locks WHERE key = ? AND holder = ?").run(lockKey, holder),
      );
    }
  }
}
