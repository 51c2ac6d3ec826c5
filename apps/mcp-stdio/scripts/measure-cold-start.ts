/**
 * Cold start of the MCP server: spawns it N times and measures the time from spawn to the answer
 * of the first `tools/list` (after `initialize`), as Claude Desktop experiences it.
 *
 *   node apps/mcp-stdio/scripts/measure-cold-start.ts [--runs 15] [--entry apps/mcp-stdio/dist/main.js] [--json]
 *
 * Each run uses a fresh temporary DATA_DIR, so the SQLite files are created on every start (the
 * slowest case). Prints the median, min, p90 and max in ms. Uses only Node built-ins; reusable
 * from a bench harness through `measureColdStart`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stdioLines, toolsListHandshake } from "./tools-list-handshake.ts";

export interface ColdStartOptions {
  /** Script to run with node. Default: the built server, dist/main.js. */
  entry?: string;
  /** Extra node flags, e.g. ["--conditions=@ispn/source"] to run the sources. */
  nodeArgs?: string[];
  runs?: number;
  /** Extra environment for the server. */
  env?: Record<string, string>;
}

export interface ColdStartReport {
  entry: string;
  runs: number;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  p90Ms: number;
  maxMs: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ENTRY = resolve(HERE, "../dist/main.js");

const REQUESTS = stdioLines(toolsListHandshake("cold-start"));

const START_TIMEOUT_MS = 15_000;

/** One start: ms from spawn until the `tools/list` answer arrives on stdout. */
export function timeOneStart(
  entry: string,
  nodeArgs: string[],
  env: Record<string, string>,
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "ispn-cold-"));
  return new Promise<number>((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, entry], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let buffer = "";
    let stderr = "";
    let answered = false;
    // a server that never answers fails the measurement instead of hanging it
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\n"); i >= 0 && !answered; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (message.id === 2 && message.result?.tools) {
          answered = true;
          done(Number(process.hrtime.bigint() - started) / 1e6);
          child.stdin.end();
        }
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      if (!answered) fail(new Error(`server exited (${code}) before answering tools/list:\n${stderr}`));
    });
    child.stdin.write(REQUESTS);
  });
}

/** Starts the server `runs` times, one after another, and summarises the timings. */
export async function measureColdStart(options: ColdStartOptions = {}): Promise<ColdStartReport> {
  const entry = options.entry ?? DEFAULT_ENTRY;
  const runs = options.runs ?? 15;
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++)
    samplesMs.push(await timeOneStart(entry, options.nodeArgs ?? [], options.env ?? {}));
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    entry,
    runs,
    samplesMs: samplesMs.map(round),
    medianMs: round(at(0.5)),
    minMs: round(sorted[0] ?? Number.NaN),
    p90Ms: round(at(0.9)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const entry = value("--entry");
  const report = await measureColdStart({
    ...(entry ? { entry: resolve(entry) } : {}),
    runs: Number(value("--runs") ?? 15),
    ...(entry?.endsWith(".ts") ? { nodeArgs: ["--conditions=@ispn/source"] } : {}),
  });
  if (args.includes("--json")) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(
      `cold start to first tools/list answer (${report.runs} runs, ${report.entry}):\n` +
        `  median ${report.medianMs} ms, min ${report.minMs} ms, p90 ${report.p90Ms} ms, max ${report.maxMs} ms\n`,
    );
  }
}
