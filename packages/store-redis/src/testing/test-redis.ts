import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { findRedisServer, RedisServerProcess } from "./redis-server-process.ts";

/** A Redis for one test file, with its own key prefix. */
export interface TestRedis {
  /** Where Redis listens. */
  url: string;
  /** This run's key prefix (`ispn-test:<random>:`); `cleanup()` deletes everything under it. */
  keyPrefix: string;
  /** A new prefix under `keyPrefix`, for one test's own key space (still covered by `cleanup()`). */
  freshPrefix(): string;
  /** Deletes the keys under `keyPrefix` (SCAN MATCH + UNLINK), and nothing else. */
  cleanup(): Promise<void>;
  /** Stops the server if this harness started it (its keys go with it); otherwise `cleanup()`. */
  stop(): Promise<void>;
}

/** A redis-server this harness spawned, which a test may stop, restart (same port, empty) or pause. */
export interface OwnTestRedis extends TestRedis {
  port: number;
  /**
   * Starts the server again on the same port (stopping it first if running). Data survives only
   * when started with `persist: true`.
   */
  restart(): Promise<void>;
  /** Stops the server without deleting its data, as an outage would; `restart()` brings it back. */
  halt(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void;
  /** Undoes `pause()`. */
  resume(): void;
}

/** Why Redis tests cannot run here (never returned when `CI` is set). */
export interface TestRedisSkip {
  skip: string;
}

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

const adminClient = (url: string) =>
  createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5000 } });

/** A short-lived admin connection (no reconnects), for harness chores. */
async function withClient<T>(
  url: string,
  chore: (client: ReturnType<typeof adminClient>) => Promise<T>,
): Promise<T> {
  const client = adminClient(url);
  client.on("error", () => {});
  await client.connect();
  try {
    return await chore(client);
  } finally {
    client.destroy();
  }
}

/** Deletes the keys under `prefix` on the server at `url`. */
function deleteKeys(url: string, prefix: string): Promise<void> {
  return withClient(url, async (client) => {
    for await (const keys of client.scanIterator({ MATCH: `${escapeGlob(prefix)}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  });
}

/** The harness over a server at `url`; `server` is set when this harness spawned it. */
function harness(url: string, server: RedisServerProcess | undefined): TestRedis {
  const keyPrefix = `ispn-test:${randomUUID().slice(0, 8)}:`;
  let n = 0;
  const cleanup = async () => {
    // an own server that is down has nothing left to delete (it keeps no data across restarts)
    if (!server || server.running) await deleteKeys(url, keyPrefix);
  };
  return {
    url,
    keyPrefix,
    freshPrefix: () => `${keyPrefix}${++n}:`,
    cleanup,
    // an own server takes its keys with it; on a shared one only this run's keys are deleted
    stop: server ? () => server.stop() : cleanup,
  };
}

/**
 * Finds a Redis for tests. Without `own`: uses `REDIS_URL` when set (and throws if it is not
 * reachable); otherwise spawns `redis-server` from PATH on a free port (`--save "" --appendonly no`,
 * temp dir) and stops it in `stop()`. With `{ own: true }` always spawns its own server, which the
 * test may halt and restart (`persist: true` keeps its data across that, like a production Redis). When no Redis can be had it returns `{ skip: reason }` — except when
 * `CI` is set: then it throws, so CI never silently skips the Redis tests.
 */
export async function startTestRedis(options?: { own?: false }): Promise<TestRedis | TestRedisSkip>;
export async function startTestRedis(options: {
  own: true;
  persist?: boolean;
}): Promise<OwnTestRedis | TestRedisSkip>;
export async function startTestRedis(
  options: { own?: boolean; persist?: boolean } = {},
): Promise<TestRedis | OwnTestRedis | TestRedisSkip> {
  const shared = process.env.REDIS_URL;
  if (!options.own && shared) {
    await withClient(shared, (client) => client.ping()).catch((error: unknown) => {
      throw new Error(`startTestRedis: REDIS_URL is set but Redis is not reachable: ${String(error)}`);
    });
    return harness(shared, undefined);
  }
  const binary = findRedisServer();
  if (!binary) {
    const reason = options.own
      ? "redis-server is not on PATH (this test needs its own server to stop and restart)"
      : "REDIS_URL is not set and redis-server is not on PATH";
    if (process.env.CI) {
      throw new Error(
        `startTestRedis: ${reason}; CI must run the Redis tests (install redis-server or set REDIS_URL)`,
      );
    }
    return { skip: reason };
  }
  const server = await RedisServerProcess.start(binary, { persist: options.persist ?? false });
  const base = harness(`redis://127.0.0.1:${server.port}`, server);
  if (!options.own) return base;
  return {
    ...base,
    port: server.port,
    restart: () => server.restart(),
    halt: () => server.halt(),
    pause: () => server.pause(),
    resume: () => server.resume(),
  };
}
