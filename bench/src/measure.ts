import type { ChildServer } from "./child-server.ts";
import { describeGcPause, GC_FLUSH_WAIT_MS, longestGcPause } from "./gc-pauses.ts";
import { type LoadSpec, runLoad } from "./load.ts";
import { type PacedSpec, runPaced } from "./paced-load.ts";
import { withCpu } from "./process-cpu.ts";
import type { MeasuredLoad } from "./results.ts";
import { countsText } from "./stats.ts";

/** Runs one load phase against a child server, noting how busy the server and the load generator were. */
export async function measure(server: ChildServer, spec: LoadSpec): Promise<MeasuredLoad> {
  const { value, serverCores, loadGenCores } = await withCpu(server.pid, () => runLoad(spec));
  return { ...value, serverCores, loadGenCores };
}

/** Runs one paced (open-loop, fixed-rate) phase against a child server. */
export async function measurePaced(server: ChildServer, spec: PacedSpec): Promise<MeasuredLoad> {
  const from = Date.now();
  const { value, serverCores, serverCpuSec, loadGenCores } = await withCpu(server.pid, () => runPaced(spec));
  const to = Date.now();
  const sent = Math.round((spec.warmupSec + spec.durationSec) * spec.rate);
  const serverCpuUsPerRequest = serverCpuSec === null ? null : Math.round((serverCpuSec * 1e6) / sent);
  if (server.gcLog) await new Promise((r) => setTimeout(r, GC_FLUSH_WAIT_MS));
  const longest = longestGcPause(server.gcLog, from + spec.warmupSec * 1000, to, value.sendStalls);
  const maxGcPauseMs = longest === null ? null : longest.ms;
  const gcWhat = describeGcPause(longest);
  return {
    ...value,
    serverCores,
    loadGenCores,
    serverCpuUsPerRequest,
    maxGcPauseMs,
    ...(gcWhat ? { maxGcPauseWhat: gcWhat } : {}),
  };
}

/** A one-line summary of a phase for the progress output. */
export function describeLoad(load: MeasuredLoad): string {
  const cpu = load.serverCores === null ? "" : `, server ${load.serverCores} cores`;
  const codes = countsText(load.errorCodes ?? {});
  const bad =
    load.non2xx + load.errors > 0
      ? `, ${load.non2xx} non-2xx, ${load.errors} errors${codes ? ` (${codes})` : ""}`
      : "";
  const lag = load.maxSendLagMs === undefined ? "" : `, send lag ≤ ${load.maxSendLagMs} ms`;
  const perRequest =
    load.serverCpuUsPerRequest === undefined || load.serverCpuUsPerRequest === null
      ? ""
      : `, ${load.serverCpuUsPerRequest} µs CPU/request`;
  const gc =
    load.maxGcPauseMs === undefined || load.maxGcPauseMs === null
      ? ""
      : `, GC ≤ ${load.maxGcPauseMs} ms${load.maxGcPauseWhat ? ` (${load.maxGcPauseWhat})` : ""}`;
  return `${load.rps} req/s, p50 ${load.latency.p50Ms} ms, p99 ${load.latency.p99Ms} ms, max ${load.latency.maxMs} ms${cpu}${perRequest}${gc}, load gen ${load.loadGenCores} cores${lag}${bad}`;
}
