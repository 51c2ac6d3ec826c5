import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import type { BenchResults } from "./results.ts";

/** What the numbers were measured on. */
export function machineInfo(): Omit<BenchResults["machine"], "loadAverageEnd"> {
  const list = cpus();
  return {
    freshPageMicros: freshPageMicros(),
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: loadAverage(),
    ...(platform() === "linux" ? { memoryMonitors: damonMonitors() } : {}),
  };
}

/** Bytes `freshPageMicros` touches: enough pages for a stable mean, little enough to take under a second. */
const TOUCHED_BYTES = 64 * 2 ** 20;

/**
 * Mean µs to write to a fresh 4 KiB page of memory the first time (the kernel's page fault, and on a
 * VM the hypervisor's work for it): ≈ 11 µs on one of the bench's VMs, 1.9–3.6 µs on another,
 * well under 1 µs on bare metal. V8 pays it for the pages it first touches inside a collection's pause, when it grows the
 * young generation or promotes into new pages (bench/README.md, "Caveats"). On a machine with
 * transparent huge pages set to "always" a 64 MB buffer may get 2 MB pages, and the figure is then
 * not a 4 KiB fault's cost.
 */
export function freshPageMicros(bytes = TOUCHED_BYTES): number {
  const memory = Buffer.allocUnsafeSlow(bytes);
  const start = process.hrtime.bigint();
  memory.fill(1);
  const ns = Number(process.hrtime.bigint() - start);
  return Math.round((ns / (bytes / 4096) / 1000) * 100) / 100;
}

const DAMON_ADMIN = "/sys/kernel/mm/damon/admin/kdamonds";

/**
 * The kernel's DAMON memory monitors, as "on: paddr every 500 ms, pageout": whether each runs, what
 * it watches, how often it samples, what its schemes do. On this round's VM a running one (proactive
 * reclaim) stalled processes for a few to tens of ms per sampling pass, longer the more memory they
 * held (bench/README.md, "Caveats"). "off: …" where one is set up but not running (an operator
 * paused it for the run). A `kdamond` thread in /proc with no settings read for it is
 * "on: settings not readable": the settings need root, and DAMON's reclaim modules start theirs
 * outside the admin interface. Empty where there is none.
 */
export function damonMonitors(root = DAMON_ADMIN, proc = "/proc"): string[] {
  const read = (...path: string[]) => {
    try {
      return readFileSync(join(root, ...path), "utf8").trim();
    } catch {
      return undefined;
    }
  };
  const monitors: string[] = [];
  let runningRead = 0;
  for (const kdamond of listDir(root).filter((name) => /^\d+$/.test(name))) {
    const state = read(kdamond, "state");
    if (state !== "on" && state !== "off") continue;
    if (state === "on") runningRead += 1;
    const contexts = Number(read(kdamond, "contexts", "nr_contexts") ?? 0);
    for (let c = 0; c < contexts; c++) {
      const context = [kdamond, "contexts", String(c)];
      const operations = read(...context, "operations") ?? "?";
      const sampleUs = Number(read(...context, "monitoring_attrs", "intervals", "sample_us"));
      const schemes = Number(read(...context, "schemes", "nr_schemes") ?? 0);
      const actions = Array.from({ length: schemes }, (_, s) =>
        read(...context, "schemes", String(s), "action"),
      );
      const every = sampleUs > 0 ? ` every ${sampleUs / 1000} ms` : "";
      monitors.push(`${state}: ${[`${operations}${every}`, ...actions.filter(Boolean)].join(", ")}`);
    }
  }
  const threads = listDir(proc).filter(
    (pid) => /^\d+$/.test(pid) && readComm(proc, pid)?.startsWith("kdamond"),
  );
  for (let i = runningRead; i < threads.length; i++) monitors.push("on: settings not readable");
  return monitors;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function readComm(proc: string, pid: string): string | undefined {
  try {
    return readFileSync(join(proc, pid, "comm"), "utf8").trim();
  } catch {
    return undefined;
  }
}

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
