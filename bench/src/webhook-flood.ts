/**
 * `pnpm bench:webhook-flood`: what a flood of large post-call bodies nobody signed costs the handoffs
 * served meanwhile. One http-ingest process (mock helpdesk, memory store); handoff latency and the
 * server's resident memory, first idle, then while FLOOD_CLIENTS (16) clients keep posting
 * FLOOD_BYTES (30 MB) bodies to /webhooks/elevenlabs/post-call at full speed, in two kinds:
 * - unsigned: no ElevenLabs-Signature (refused before the body is read);
 * - forged: a fresh, well-formed signature whose HMAC matches nothing (read within the shared
 *   WEBHOOK_BODY_BUDGET_BYTES, refused once verified; the rest refused unread with 503).
 * And, as a control, the unsigned flood aimed at `bare-refuser.ts` (the cheapest refusal Node can make,
 * in a process of its own) while the handoffs go to http-ingest: what the flood costs the handoffs
 * through the machine alone (load generator, kernel), with nothing of it in the server.
 * Goals (issue 16): handoff p95 within 2× of idle, server memory within +100 MB. Prints a table, with
 * per flood phase the posts answered per second, the server's CPU per flood post (its CPU in the
 * phase less its idle CPU per handoff times the handoffs served) and the flood generator's CPU.
 * The phases are interleaved, FLOOD_ROUNDS (4) rounds of FLOOD_SECONDS (3) each, and each phase's
 * samples pooled over its rounds: on a machine shared with other work, load that comes and goes
 * then falls on every phase alike instead of on whichever phase it coincided with. The forged
 * flood's rounds come last (the bodies it reads would weigh on the memory of the phases after it).
 * Sizes: FLOOD_CLIENTS, FLOOD_BYTES, FLOOD_SECONDS, FLOOD_ROUNDS, FLOOD_HANDOFF_CONCURRENCY (4).
 * The flood runs in a child process of its own, so the handoffs' latency is measured on an event loop
 * that is not also writing the flood's bodies (all three processes still share this machine's cores).
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus as cpuList, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rawRequest } from "../../apps/http-ingest/test/raw-http.ts";
import { startChildServer } from "./child-server.ts";
import { AUTH_HEADERS, startIngestServer } from "./ingest-process.ts";
import { progress } from "./log.ts";
import { cpuSeconds } from "./process-cpu.ts";
import { percentile, round } from "./stats.ts";

const CLIENTS = Number(process.env.FLOOD_CLIENTS ?? 16);
const BYTES = Number(process.env.FLOOD_BYTES ?? 30_000_000);
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 3);
const ROUNDS = Number(process.env.FLOOD_ROUNDS ?? 4);
const HANDOFF_CONCURRENCY = Number(process.env.FLOOD_HANDOFF_CONCURRENCY ?? 4);
const SECRET = "wsec_bench_flood_0123456789";
/**
 * FLOOD_CPUS (e.g. `1`): the flood generator runs on these CPUs only, and the server, the bare refuser
 * and this process (the handoffs' client) on the others (`taskset`, Linux): the flood on cores of its
 * own, so what is left of the slowdown is what the flood costs the server, not the generator's CPU.
 */
const FLOOD_CPUS = process.env.FLOOD_CPUS;

/** The CPU list `taskset` takes for every CPU not in `cpus` (`"1"` on 2 cores → `"0"`). */
function otherCpus(cpus: string): string {
  const taken = new Set(
    cpus.split(",").flatMap((part) => {
      const [from, to = from] = part.split("-").map(Number);
      return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
    }),
  );
  const count = cpuList().length;
  const rest = Array.from({ length: count }, (_, i) => i).filter((cpu) => !taken.has(cpu));
  if (rest.length === 0) throw new Error(`FLOOD_CPUS=${cpus} leaves no CPU for the server`);
  return rest.join(",");
}

/** Moves a process (all its threads) onto `cpus`. */
function pin(pid: number, cpus: string): void {
  execFileSync("taskset", ["-a", "-cp", cpus, String(pid)], { stdio: "ignore" });
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Resident memory of a process in MB, from /proc; NaN where /proc is missing. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Runs `work` while sampling the process's resident memory every 50 ms; the highest sample. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
  }, 50);
  try {
    return { value: await work(), peakMb };
  } finally {
    clearInterval(sampler);
  }
}

/** Handoffs at a fixed concurrency for `seconds`, each with a distinct caller (a new ticket). */
async function handoffLatencies(url: string, seconds: number, offset: number): Promise<number[]> {
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  let n = offset;
  await Promise.all(
    Array.from({ length: HANDOFF_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const i = n++;
        const started = performance.now();
        const res = await fetch(`${url}/ingest/oa-handoff`, {
          method: "POST",
          headers: AUTH_HEADERS,
          body: JSON.stringify({
            note: "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect\nConfidence: 0.85",
            callerNumber: `+1415${String(2_000_000 + i).padStart(7, "0")}`,
          }),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`handoff answered ${res.status}`);
        samples.push(performance.now() - started);
      }
    }),
  );
  return samples;
}

/** Keeps `CLIENTS` connections posting the whole body as fast as the server takes it, until stopped. */
function flood(url: string, signature: () => string | undefined) {
  const body = Buffer.alloc(BYTES, 0x20);
  const statuses = new Map<string, number>();
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const sig = signature();
      const request = rawRequest(url, {
        path: "/webhooks/elevenlabs/post-call",
        headers: {
          "content-type": "application/json",
          "content-length": String(BYTES),
          ...(sig ? { "elevenlabs-signature": sig } : {}),
        },
      });
      request.write(body);
      const status = await request.response.then(
        (r) => String(r.status),
        () => "closed",
      );
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      request.socket.destroy();
    }
  };
  const running = Promise.all(Array.from({ length: CLIENTS }, loop));
  return {
    statuses,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

type FloodKind = "unsigned" | "forged signature";
const SIGNATURES: Record<FloodKind, () => string | undefined> = {
  unsigned: () => undefined,
  "forged signature": () => `t=${Math.floor(Date.now() / 1000)},v0=${"ab".repeat(32)}`,
};

/** What a flood child reports when stopped: the answers it got and the CPU seconds it used meanwhile. */
interface FloodReport {
  answers: Record<string, number>;
  cpuSeconds: number;
}

/** Starts the flood in a child process (this file with `--flood`); `stop()` ends it and returns its report. */
async function floodInChild(url: string, kind: FloodKind) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--flood", url, kind], {
    execArgv: process.execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  if (FLOOD_CPUS && child.pid) pin(child.pid, FLOOD_CPUS);
  await once(child, "message"); // started
  return {
    async stop(): Promise<FloodReport> {
      child.send("stop");
      const [report] = (await once(child, "message")) as [FloodReport];
      await once(child, "exit");
      return report;
    },
  };
}

/** The child's side: floods until the parent says stop, then sends the answers it got. */
async function floodChild(url: string, kind: FloodKind) {
  const attack = flood(url, SIGNATURES[kind]);
  const cpuAtStart = process.cpuUsage();
  process.send?.("started");
  await once(process, "message");
  await attack.stop();
  const cpu = process.cpuUsage(cpuAtStart);
  const report: FloodReport = {
    answers: Object.fromEntries(attack.statuses),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.send?.(report);
  process.disconnect?.();
}

type PhaseName =
  | "idle"
  | "unsigned flood at a bare refuser (control)"
  | "unsigned flood"
  | "forged signature flood";

/** What one phase gathered over every round. */
interface PhaseTotals {
  samples: number[];
  peakMb: number;
  serverCpu: number;
  wall: number;
  answers: Record<string, number>;
  generatorCpu: number;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "ispn-flood-"));
  const server = await startIngestServer({
    repoRoot,
    dataDir,
    store: { kind: "memory" },
    env: { ELEVENLABS_WEBHOOK_SECRETS: SECRET },
  });
  const refuser = await startChildServer({
    entry: join(repoRoot, "bench/src/bare-refuser.ts"),
    env: {},
    cwd: repoRoot,
  });
  if (FLOOD_CPUS) {
    const rest = otherCpus(FLOOD_CPUS);
    for (const pid of [server.pid, refuser.pid, process.pid]) pin(pid, rest);
    progress(`flood on CPUs ${FLOOD_CPUS}; server, refuser and handoff client on ${rest}`);
  }
  const phases: { name: PhaseName; flood?: { kind: FloodKind; url: string } }[] = [
    { name: "idle" },
    { name: "unsigned flood at a bare refuser (control)", flood: { kind: "unsigned", url: refuser.url } },
    { name: "unsigned flood", flood: { kind: "unsigned", url: server.url } },
    { name: "forged signature flood", flood: { kind: "forged signature", url: server.url } },
  ];
  const totals = new Map<PhaseName, PhaseTotals>(
    phases.map((p) => [
      p.name,
      {
        samples: [],
        peakMb: 0,

        serverCpu: 0,
        wall: 0,
        answers: {},
        generatorCpu: 0,
      },
    ]),
  );
  let offset = 100_000;
  try {
    progress("warm-up");
    await handoffLatencies(server.url, 1, 0);
    const runPhase = async (phase: (typeof phases)[number], round: number) => {
      progress(`round ${round}/${ROUNDS}, ${phase.name}: handoffs for ${SECONDS} s`);
      const attack = phase.flood ? await floodInChild(phase.flood.url, phase.flood.kind) : undefined;
      const cpuBefore = cpuSeconds(server.pid) ?? Number.NaN;
      const started = performance.now();
      const run = await withPeakRss(server.pid, () => handoffLatencies(server.url, SECONDS, offset));
      const serverCpu = (cpuSeconds(server.pid) ?? Number.NaN) - cpuBefore;
      const report = await attack?.stop();
      const t = totals.get(phase.name)!;
      offset += run.value.length;
      t.samples.push(...run.value);
      t.peakMb = Math.max(t.peakMb, run.peakMb);
      t.serverCpu += serverCpu;
      t.wall += (performance.now() - started) / 1000;
      t.generatorCpu += report?.cpuSeconds ?? 0;
      for (const [status, n] of Object.entries(report?.answers ?? {}))
        t.answers[status] = (t.answers[status] ?? 0) + n;
    };
    // The forged flood's bodies leave garbage that would weigh on the other phases' memory: its
    // rounds come after the others'.
    const [idlePhase, control, unsigned, forged] = phases;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const phase of [idlePhase, control, unsigned]) await runPhase(phase!, round);
    }
    for (let round = 1; round <= ROUNDS; round++) await runPhase(forged!, round);
  } finally {
    await Promise.all([server.stop(), refuser.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const idleTotals = totals.get("idle")!;
  const idle = latency(idleTotals.samples);
  // The server's CPU per handoff, to take the handoffs' share out of a flood phase's CPU.
  const cpuPerHandoff = idleTotals.serverCpu / idle.count;
  const rows = phases.map(({ name, flood }) => {
    const t = totals.get(name)!;
    const during = latency(t.samples);
    if (!flood)
      return `| idle | ${idle.count} | ${idle.p50Ms} | ${idle.p95Ms} | ${t.peakMb.toFixed(0)} | – | – | – | – |`;
    const posts = Object.values(t.answers).reduce((a, b) => a + b, 0);
    const usPerPost =
      flood.url === server.url
        ? (((t.serverCpu - cpuPerHandoff * during.count) / posts) * 1e6).toFixed(0)
        : "–";
    const answers = Object.entries(t.answers)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    return `| ${name} | ${during.count} | ${during.p50Ms} | ${during.p95Ms} (${(during.p95Ms / idle.p95Ms).toFixed(2)}× idle) | ${t.peakMb.toFixed(0)} (+${(t.peakMb - idleTotals.peakMb).toFixed(0)}) | ${(posts / t.wall).toFixed(0)} | ${usPerPost} | ${(t.generatorCpu / t.wall).toFixed(2)} | ${answers} |`;
  });
  process.stdout.write(
    [
      "",
      `Webhook flood: ${CLIENTS} clients × ${BYTES} B post-call bodies; handoffs at concurrency ${HANDOFF_CONCURRENCY}; ${ROUNDS} rounds of ${SECONDS} s per phase, phases interleaved.`,
      "Goals: handoff p95 within 2× of idle; server RSS (peak while serving) within +100 MB of idle's peak (peaks over each phase's rounds).",
      "Server CPU per flood post: the server's CPU in the phase, less its CPU per handoff when idle times the handoffs served.",
      "",
      "| phase | handoffs | p50 ms | p95 ms | server RSS MB (peak) | flood posts/s | server CPU µs per flood post | flood generator cores | flood answers |",
      "|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
    ].join("\n"),
  );
}

/** Count, p50 and p95 (the goal is stated at p95) of latency samples in ms. */
function latency(samples: number[]): { count: number; p50Ms: number; p95Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
  };
}

if (process.argv[2] === "--flood") await floodChild(process.argv[3]!, process.argv[4] as FloodKind);
else await main();
