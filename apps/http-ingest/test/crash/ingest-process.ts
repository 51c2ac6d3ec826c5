import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

/** One http-ingest OS process (from its sources), which a test may kill -9 and start again. */
export class IngestProcess {
  readonly env: Record<string, string>;
  #child: ChildProcess | undefined;
  #url: string | undefined;
  stderr = "";

  constructor(env: Record<string, string>) {
    this.env = env;
  }

  get url(): string {
    if (!this.#url) throw new Error("http-ingest is not running");
    return this.#url;
  }

  /** The URL while the process is up and listening, else undefined. */
  get readyUrl(): string | undefined {
    return this.running ? this.#url : undefined;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the process; resolves once it listens. */
  start(): Promise<string> {
    const child = spawn(process.execPath, ["--conditions=@ispn/source", main], {
      env: { PATH: process.env.PATH ?? "", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    return new Promise((resolve, reject) => {
      let out = "";
      child.stderr!.on("data", (c: Buffer) => {
        this.stderr = (this.stderr + c.toString()).slice(-20_000);
      });
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (url && !this.#url?.startsWith(url)) {
          this.#url = url;
          resolve(url);
        }
      });
      child.once("exit", (code, signal) => {
        if (this.#child === child) this.#url = undefined;
        reject(
          new Error(`http-ingest exited (${code ?? signal}) before listening: ${this.stderr.slice(-2000)}`),
        );
      });
    });
  }

  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    this.#url = undefined;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await gone;
  }

  /** SIGTERM and wait. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await gone;
  }
}
