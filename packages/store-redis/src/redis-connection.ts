import type { Logger } from "@ispn/core";
import { StoreError } from "@ispn/core";
import { createClient } from "redis";

/** The node-redis client as this package creates it. */
export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnectionOptions {
  url: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  logger: Logger;
}

/** The URL without credentials or query, safe for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "an unparseable Redis URL";
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Rejects with `onTimeout()` when `promise` has not settled within `ms`. One timer and one promise
 * per call (it runs for every store command, so no race/finally chains).
 */
function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * One Redis client shared by every store of a `createRedisStores` bundle. Commands never wait
 * for a connection: while Redis is unreachable they fail at once (no offline queue), a command
 * without an answer fails after `commandTimeoutMs` and makes the client reconnect (a frozen
 * server or a half-open TCP connection never answers), and the client keeps reconnecting in the
 * background. `run` turns every failure into a `StoreError`.
 */
export class RedisConnection {
  readonly #client: RedisClient;
  readonly #where: string;
  readonly #logger: Logger;
  readonly #commandTimeoutMs: number;
  #ready = false;
  #down = false;
  #closed = false;
  #resetting = false;

  private constructor(client: RedisClient, where: string, options: RedisConnectionOptions) {
    this.#client = client;
    this.#where = where;
    this.#logger = options.logger;
    this.#commandTimeoutMs = options.commandTimeoutMs;
  }

  /** Connects, or throws `StoreError` when Redis is not reachable within `connectTimeoutMs`. */
  static async open(options: RedisConnectionOptions): Promise<RedisConnection> {
    const where = describeRedisUrl(options.url);
    let client: RedisClient;
    try {
      client = createClient({
        url: options.url,
        disableOfflineQueue: true,
        // `run` puts its own deadline on every command (and resets a connection that stopped
        // answering). node-redis's default per-command timeout is an AbortSignal.timeout that cannot
        // be cleared: every command would leave a 5 s timer whose firing builds a DOMException.
        commandOptions: { timeout: 0 },
        socket: {
          connectTimeout: options.connectTimeoutMs,
          // keep trying for ever, at most a second apart, so the stores recover without a restart
          reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 1000),
        },
      });
    } catch (error) {
      throw new StoreError(`Invalid Redis URL (${where}): ${messageOf(error)}`, { cause: error });
    }
    const connection = new RedisConnection(client, where, options);
    let lastError: unknown;
    client.on("error", (error: unknown) => {
      lastError = error;
      connection.#onError(error);
    });
    client.on("ready", () => connection.#onReady());
    const connecting = client.connect();
    connecting.catch(() => {}); // settled below, or abandoned by destroy()
    try {
      await withDeadline(
        connecting,
        options.connectTimeoutMs,
        () =>
          new StoreError(
            `Redis at ${where} is not reachable within ${options.connectTimeoutMs} ms` +
              (lastError === undefined ? "" : `: ${messageOf(lastError)}`),
            { cause: lastError },
          ),
      );
    } catch (error) {
      client.destroy();
      throw error instanceof StoreError
        ? error
        : new StoreError(`Cannot connect to Redis at ${where}: ${messageOf(error)}`, { cause: error });
    }
    return connection;
  }

  #onError(error: unknown): void {
    // failed attempts of the first connection are reported by open(), not as a lost connection
    if (this.#closed || this.#down || !this.#ready) return;
    this.#down = true;
    this.#logger.warn(
      { redis: this.#where, err: messageOf(error) },
      "Redis connection lost; store operations fail until it reconnects",
    );
  }

  #onReady(): void {
    this.#ready = true;
    if (!this.#down) return;
    this.#down = false;
    this.#logger.info({ redis: this.#where }, "Redis connection restored");
  }

  /** Drops a connection that stopped answering and connects afresh in the background. */
  #reset(): void {
    if (this.#closed || this.#resetting || !this.#client.isReady) return;
    this.#resetting = true;
    this.#down = true;
    this.#logger.warn(
      { redis: this.#where, timeoutMs: this.#commandTimeoutMs },
      "Redis did not answer in time; reconnecting",
    );
    this.#client.destroy(); // rejects the commands still waiting on this connection
    this.#client
      .connect()
      .catch(() => {}) // reported through the "error" listener; close() may also end it
      .finally(() => {
        this.#resetting = false;
      });
  }

  /** Runs Redis commands; any failure (offline, no answer in time, script error, closed) → `StoreError`. */
  async run<T>(operation: string, commands: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreError(`Redis stores are closed (${operation})`);
    try {
      return await withDeadline(commands(this.#client), this.#commandTimeoutMs, () => {
        this.#reset();
        return new Error(`no answer within ${this.#commandTimeoutMs} ms`);
      });
    } catch (error) {
      throw new StoreError(`Redis at ${this.#where} unavailable during ${operation}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /** PINGs Redis; never throws. */
  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.run("health", (client) => client.ping());
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: messageOf(error) };
    }
  }

  /** Waits for commands in flight (bounded by the command timeout), then disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await withDeadline(this.#client.close(), this.#commandTimeoutMs, () => new Error("close timed out"));
    } catch {
      this.#client.destroy();
    }
  }
}
