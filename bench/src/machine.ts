import { cpus, loadavg, platform, release, totalmem } from "node:os";
import type { BenchResults } from "./results.ts";

/** What the numbers were measured on. */
export function machineInfo(): Omit<BenchResults["machine"], "loadAverageEnd"> {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: loadAverage(),
  };
}

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
