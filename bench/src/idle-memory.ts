/**
 * `pnpm --filter @ispn/bench bench:idle-memory [--server-node-flags "--no-memory-reducer"]`: how much
 * memory an http-ingest server takes in a burst and keeps after it. Drives a memory-store server
 * (in-process mock) at full speed with new callers for 40 s, then leaves it idle for 180 s and prints
 * its resident memory every 15 s. This is how a GC setting's price in memory is read (bench/README.md,
 * "GC pauses"); `HEAP_GROWTH_PERCENT=0` in the environment runs the server with V8's own heap growth.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { YOUNG_GENERATION_FLAGS } from "@ispn/http-ingest/young-generation";
import { newCallerBodies } from "./handoff-bodies.ts";
import { AUTH_HEADERS, startIngestServer } from "./ingest-process.ts";
import { measure } from "./measure.ts";

const BURST_SEC = 40;
const IDLE_SEC = 180;
const SAMPLE_SEC = 15;

function flagsFromArgv(argv: string[]): string[] {
  const at = argv.indexOf("--server-node-flags");
  if (at === -1) return [];
  return (argv[at + 1] ?? "").split(" ").filter(Boolean);
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024);
}

const print = (line: string) => process.stdout.write(`${line}\n`);

const nodeFlags = flagsFromArgv(process.argv.slice(2));
const repoRoot = join(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "ispn-idle-memory-"));
const server = await startIngestServer({ repoRoot, dataDir, store: { kind: "memory" }, nodeFlags });
try {
  print(`server flags: ${[...YOUNG_GENERATION_FLAGS, ...nodeFlags].join(" ")}`);
  print(`| after | RSS MB |\n| --- | --- |\n| start | ${residentMb(server.pid)} |`);
  await measure(server, {
    url: `${server.url}/ingest/oa-handoff`,
    method: "POST",
    headers: AUTH_HEADERS,
    body: newCallerBodies(`idle-${Date.now()}`),
    connections: 32,
    durationSec: BURST_SEC,
  });
  print(`| ${BURST_SEC} s burst | ${residentMb(server.pid)} |`);
  for (let idle = SAMPLE_SEC; idle <= IDLE_SEC; idle += SAMPLE_SEC) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_SEC * 1000));
    print(`| ${idle} s idle | ${residentMb(server.pid)} |`);
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
