import { readFileSync } from "node:fs";

/** CPU seconds (user + system) a process has used so far; `undefined` where /proc is not available. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    // USER_HZ is 100 on every Linux build Node supports.
    return Number.isFinite(utime + stime) ? (utime + stime) / 100 : undefined;
  } catch {
    return undefined;
  }
}

/** Measures how busy a process was (in cores, 1.0 = one core fully used) while `work` ran. */
export async function withCpu<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; serverCores: number | null; serverCpuSec: number | null; loadGenCores: number }> {
  const startServer = cpuSeconds(pid);
  const startSelf = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wall = (performance.now() - started) / 1000;
  const endServer = cpuSeconds(pid);
  const self = process.cpuUsage(startSelf);
  const serverCores =
    startServer === undefined || endServer === undefined
      ? null
      : Math.round(((endServer - startServer) / wall) * 100) / 100;
  const loadGenCores = Math.round(((self.user + self.system) / 1e6 / wall) * 100) / 100;
  const serverCpuSec =
    startServer === undefined || endServer === undefined
      ? null
      : Math.round((endServer - startServer) * 100) / 100;
  return { value, serverCores, serverCpuSec, loadGenCores };
}
