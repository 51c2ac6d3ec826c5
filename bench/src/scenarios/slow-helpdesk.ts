import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { handoffBody, newCallerBodies, REPEAT_CALLER, repeatCallerBodies } from "../handoff-bodies.ts";
import { AUTH_HEADERS, postHandoff, setMockFaults, startIngestServer } from "../ingest-process.ts";
import { progress } from "../log.ts";
import { describeLoad, measure } from "../measure.ts";
import type { BenchSettings, SlowHelpdeskRow, SlowHelpdeskSection } from "../results.ts";
import { round } from "../stats.ts";

/**
 * Concurrency against a slow helpdesk: every mock call waits `slowLatencyMs`. New callers cost one
 * helpdesk call, repeat callers (all on one dedup key, the likeliest place for a lock) two. If no
 * lock or single queue serialises handoffs, throughput ≈ connections / (latency × calls) and grows
 * with connections. The memory store keeps the store out of the picture.
 */
export async function runSlowHelpdesk(options: {
  repoRoot: string;
  tmpRoot: string;
  settings: BenchSettings;
}): Promise<SlowHelpdeskSection> {
  const { settings } = options;
  const dataDir = join(options.tmpRoot, "slow-helpdesk");
  mkdirSync(dataDir, { recursive: true });
  const server = await startIngestServer({ repoRoot: options.repoRoot, dataDir, store: { kind: "memory" } });
  const runId = randomBytes(4).toString("hex");
  const rows: SlowHelpdeskRow[] = [];
  try {
    await postHandoff(server.url, handoffBody(REPEAT_CALLER, `bench-slow-${runId}-first`));
    await setMockFaults(server.url, { latencyMs: settings.slowLatencyMs });
    const bodies = { new: newCallerBodies(`slow-${runId}`), repeat: repeatCallerBodies(`slow-${runId}`) };
    for (const scenario of ["new", "repeat"] as const) {
      const calls = scenario === "new" ? 1 : 2;
      for (const connections of settings.slowConnections) {
        const load = await measure(server, {
          url: `${server.url}/ingest/oa-handoff`,
          headers: AUTH_HEADERS,
          body: bodies[scenario],
          connections,
          durationSec: settings.slowDurationSec,
          warmupSec: settings.warmupSec,
        });
        const idealRps = connections / ((settings.slowLatencyMs / 1000) * calls);
        const efficiency = round(load.rps / idealRps, 2);
        progress(
          `slow helpdesk ${scenario} × ${connections} connections: ${describeLoad(load)}; ideal ${idealRps} req/s (${Math.round(efficiency * 100)}%)`,
        );
        rows.push({ scenario, connections, load, helpdeskCallsPerHandoff: calls, idealRps, efficiency });
      }
    }
    return { latencyMs: settings.slowLatencyMs, store: "memory", rows };
  } finally {
    await server.stop();
  }
}
