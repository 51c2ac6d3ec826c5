import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A server running in its own Node process, so the load generator never shares its event loop. */
export interface ChildServer {
  url: string;
  pid: number;
  /** Where the server logs its GC pauses (`gc-observer.ts`), when it was started with one. */
  gcLog?: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts `node [nodeArgs] entry` and resolves once it prints `listening on http://…` on stdout.
 * Rejects with the tail of its stderr when it exits or stays silent for 30 s.
 */
export function startChildServer(options: {
  entry: string;
  nodeArgs?: string[];
  env: Record<string, string>;
  cwd: string;
  /** Loads `gc-observer.ts` into the server, logging its GC pauses to this file. */
  gcLog?: string;
}): Promise<ChildServer> {
  const observer = fileURLToPath(new URL("./gc-observer.ts", import.meta.url));
  const gcArgs = options.gcLog ? ["--import", observer] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...gcArgs, options.entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, ...(options.gcLog ? { BENCH_GC_LOG: options.gcLog } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${options.entry} ${reason}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.once("exit", (code, signal) => fail(`exited early (${signal ?? code})`));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (settled) return;
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match?.[1]) return;
      settled = true;
      clearTimeout(timer);
      // Keep draining stdout so the child never blocks on a full pipe.
      child.stdout?.resume();
      const pid = child.pid ?? -1;
      let stopping: Promise<void> | undefined;
      resolve({
        url: match[1],
        pid,
        ...(options.gcLog ? { gcLog: options.gcLog } : {}),
        stop(graceMs = 5000) {
          stopping ??= (async () => {
            const gone = exited(child);
            child.kill("SIGTERM");
            const timeout = setTimeout(() => child.kill("SIGKILL"), graceMs);
            await gone;
            clearTimeout(timeout);
          })();
          return stopping;
        },
      });
    });
  });
}
