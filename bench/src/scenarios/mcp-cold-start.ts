import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

const REQUESTS = [
  {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "ispn-bench", version: "1" },
    },
  },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
]
  .map((message) => `${JSON.stringify(message)}\n`)
  .join("");

const START_TIMEOUT_MS = 15_000;

/**
 * One cold start as Claude Desktop sees it: ms from spawning `node <entry>` until the answer to
 * `tools/list` (sent right after `initialize`, without waiting) arrives on stdout. A fresh DATA_DIR
 * each time, so the SQLite files are created on every start (the slowest case).
 */
export function timeColdStart(
  entry: string,
  tmpRoot: string,
  env: Record<string, string> = {},
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpRoot, "mcp-cold-"));
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let buffer = "";
    let stderr = "";
    let answeredAt: number | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\n"); i >= 0 && answeredAt === undefined; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (message.id === 2 && Array.isArray(message.result?.tools)) {
          answeredAt = performance.now();
          child.stdin.end();
        }
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      if (answeredAt === undefined) {
        reject(new Error(`MCP server exited (${signal ?? code}) before answering tools/list:\n${stderr}`));
      } else {
        resolve(answeredAt - started);
      }
    });
    child.stdin.write(REQUESTS);
  });
}

/** The floor: ms to spawn `node -e 0` and see it exit. No Node server starts faster on this machine. */
export function timeNodeFloor(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", () => resolve(performance.now() - started));
  });
}
