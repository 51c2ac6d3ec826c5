import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The `redis-server` binary on PATH, or `undefined`. */
export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A TCP port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const READY_TIMEOUT_MS = 10_000;

/**
 * Starts redis-server on `port` in `dir` and resolves once it accepts connections. Without
 * `persist` nothing is written to disk; with it every write is appended and fsynced (AOF), so the
 * data survives a restart in the same `dir`, as on a production Redis.
 */
function spawnServer(binary: string, port: number, dir: string, persist: boolean): Promise<ChildProcess> {
  const durability = persist ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...durability];
  const child = spawn(binary, [...args, "--dir", dir, "--logfile", ""], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`redis-server on port ${port} ${reason}:\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!settled && output.includes("Ready to accept connections")) {
        settled = true;
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", (error) => fail(`failed to start (${error.message})`));
    child.once("exit", (code, signal) => fail(`exited early (${signal ?? code})`));
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A throw-away redis-server owned by one test file: stop it, restart it on the same port, pause it. */
export class RedisServerProcess {
  readonly port: number;
  readonly #binary: string;
  readonly #persist: boolean;
  #child: ChildProcess | undefined;
  #dir: string | undefined;
  readonly #killOnExit = () => this.#child?.kill("SIGKILL");

  private constructor(binary: string, port: number, persist: boolean) {
    this.#binary = binary;
    this.port = port;
    this.#persist = persist;
  }

  /** Starts a server on a free port (a few tries, in case another process takes the port first). */
  static async start(binary: string, options: { persist?: boolean } = {}): Promise<RedisServerProcess> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const server = new RedisServerProcess(binary, await freePort(), options.persist ?? false);
      try {
        await server.restart();
        return server;
      } catch (error) {
        lastError = error;
        await server.stop();
      }
    }
    throw lastError;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /**
   * Starts the server again on the same port; stops it first if running. It comes back empty,
   * unless the server was started with `persist` (then with the data it had when stopped).
   */
  async restart(): Promise<void> {
    const keep = this.#persist ? this.#dir : undefined;
    await this.halt();
    if (this.#dir && !keep) this.#remove();
    this.#dir = keep ?? mkdtempSync(join(tmpdir(), "ispn-redis-"));
    this.#child = await spawnServer(this.#binary, this.port, this.#dir, this.#persist);
    process.once("exit", this.#killOnExit);
  }

  /** Stops the server and removes its directory (its data is lost). Safe to call twice. */
  async stop(): Promise<void> {
    await this.halt();
    this.#remove();
  }

  #remove(): void {
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }

  /** Stops the process (SIGTERM, so a persisting server flushes) but keeps its directory. */
  async halt(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child) {
      process.off("exit", this.#killOnExit);
      child.kill("SIGCONT"); // a paused server cannot act on SIGTERM
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 5000);
      await waitForExit(child);
      clearTimeout(forced);
    }
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void {
    this.#child?.kill("SIGSTOP");
  }

  /** Lets a paused server run again. */
  resume(): void {
    this.#child?.kill("SIGCONT");
  }
}
