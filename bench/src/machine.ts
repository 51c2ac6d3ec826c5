import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import type { BenchResults } from "./results.ts";

/** What the numbers were measured on. */
export function machineInfo(): Omit<BenchResults["machine"], "loadAverageEnd"> {
  const list = cpus();
  const memoryMonitors = damonMonitors();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: loadAverage(),
    ...(memoryMonitors.length > 0 ? { memoryMonitors } : {}),
  };
}

const DAMON_ADMIN = "/sys/kernel/mm/damon/admin/kdamonds";

/**
 * The kernel's DAMON memory monitors, as "on: paddr every 500 ms, pageout": whether it runs, what
 * it watches, how often it samples, what its schemes do. On a VM that runs one (proactive reclaim), each
 * sampling pass stalls processes for a few to tens of ms, longer the more memory they hold
 * (bench/README.md, "Caveats"). Empty where there is none or it cannot be read. Off ("off: …") where an operator paused one for a
 * run (bench/README.md, "Caveats").
 */
export function damonMonitors(root = DAMON_ADMIN): string[] {
  const read = (...path: string[]) => {
    try {
      return readFileSync(join(root, ...path), "utf8").trim();
    } catch {
      return undefined;
    }
  };
  let kdamonds: string[];
  try {
    kdamonds = readdirSync(root).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const monitors: string[] = [];
  for (const kdamond of kdamonds) {
    const state = read(kdamond, "state");
    if (state !== "on" && state !== "off") continue;
    const contexts = Number(read(kdamond, "contexts", "nr_contexts") ?? 0);
    for (let c = 0; c < contexts; c++) {
      const context = [kdamond, "contexts", String(c)];
      const operations = read(...context, "operations") ?? "?";
      const sampleUs = Number(read(...context, "monitoring_attrs", "intervals", "sample_us"));
      const schemes = Number(read(...context, "schemes", "nr_schemes") ?? 0);
      const actions = Array.from({ length: schemes }, (_, s) =>
        read(...context, "schemes", String(s), "action"),
      );
      const every = Number.isFinite(sampleUs) ? ` every ${sampleUs / 1000} ms` : "";
      monitors.push(`${state}: ${[`${operations}${every}`, ...actions.filter(Boolean)].join(", ")}`);
    }
  }
  return monitors;
}

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
