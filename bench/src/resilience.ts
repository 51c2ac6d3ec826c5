/**
 * `pnpm bench:resilience`: the crash and outage figures of the store-and-forward work, measured on
 * real processes (http-ingest with HELPDESK=sdp against the SDP-compatible mock, SQLite store):
 * - time to first success, and until the keys in flight are served again, after each kill -9;
 * - how fast the outbox drains against a helpdesk answering in 200 ms.
 * Writes bench/results/resilience-latest.md. Sizes: RESILIENCE_HANDOFFS (2000), RESILIENCE_KILLS
 * (12), DRAIN_HANDOFFS (200), DRAIN_LATENCY_MS (200).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { runCrashScenario } from "../../apps/http-ingest/test/crash/crash-run.ts";
import { IngestProcess } from "../../apps/http-ingest/test/crash/ingest-process.ts";
import { freePort, sdpIngestEnv } from "../../apps/http-ingest/test/crash/sdp-rig.ts";
import { progress } from "./log.ts";
import { machineInfo } from "./machine.ts";
import { percentile } from "./stats.ts";

const TOKEN = "bench-resilience-token-0123456789";
const HANDOFFS = Number(process.env.RESILIENCE_HANDOFFS ?? 2000);
const KILLS = Number(process.env.RESILIENCE_KILLS ?? 12);
const DRAIN_HANDOFFS = Number(process.env.DRAIN_HANDOFFS ?? 200);
const DRAIN_LATENCY_MS = Number(process.env.DRAIN_LATENCY_MS ?? 200);

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ingestAgainstMock(extra: Record<string, string> = {}) {
  const mock = await startSdpMockServer();
  const dataDir = mkdtempSync(join(tmpdir(), "ispn-resilience-"));
  const ingest = new IngestProcess({
    ...sdpIngestEnv(mock, TOKEN),
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    ...extra,
  });
  await ingest.start();
  return {
    mock,
    ingest,
    async close() {
      await ingest.stop();
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function crashFigures() {
  progress(`crash run: ${KILLS} × kill -9 during ${HANDOFFS} handoffs (SQLite)`);
  const rig = await ingestAgainstMock();
  try {
    return await runCrashScenario({
      processes: [rig.ingest],
      helpdesk: rig.mock.helpdesk,
      token: TOKEN,
      handoffs: HANDOFFS,
      kills: KILLS,
      concurrency: 16,
      log: progress,
    });
  } finally {
    await rig.close();
  }
}

async function drainFigures() {
  progress(`outbox drain: ${DRAIN_HANDOFFS} queued handoffs, helpdesk answering in ${DRAIN_LATENCY_MS} ms`);
  const rig = await ingestAgainstMock({ HELPDESK_BREAKER_COOLDOWN_MS: "500", OUTBOX_DELIVERY_PACE_MS: "0" });
  try {
    rig.mock.helpdesk.faults.set({ outage: true });
    for (let i = 0; i < DRAIN_HANDOFFS; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, DRAIN_HANDOFFS - i) }, (_, j) =>
          fetch(`${rig.ingest.url}/ingest/oa-handoff`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify({
              note: "Category: WiFi\nReason: CallerRequested\nSummary: No connection since the storm\nConfidence: 0.8",
              callerNumber: `+1415558${String(i + j).padStart(4, "0")}`,
              conversationId: `conv_drain_${i + j}`,
            }),
          }).then((r) => r.json()),
        ),
      );
    }
    const depth = async () =>
      ((await (await fetch(`${rig.ingest.url}/readyz`)).json()) as { checks: { outbox: { depth: number } } })
        .checks.outbox.depth;
    const queued = await depth();
    rig.mock.helpdesk.faults.set({ outage: false, latencyMs: DRAIN_LATENCY_MS });
    const started = Date.now();
    let left = queued;
    while (left > 0 && Date.now() - started < 600_000) {
      await sleep(250);
      left = await depth();
    }
    const seconds = (Date.now() - started) / 1000;
    return { queued, seconds, perSecond: queued / seconds, left };
  } finally {
    await rig.close();
  }
}

const crash = await crashFigures();
const drain = await drainFigures();
const ms = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? `median ${percentile(sorted, 0.5)} ms, worst ${sorted.at(-1)} ms` : "n/a";
};
const report = [
  "# Resilience figures",
  "",
  `Measured ${new Date().toISOString()} on ${JSON.stringify(machineInfo())}.`,
  "",
  `## kill -9 under load (http-ingest, HELPDESK=sdp against the SDP-compatible mock, SQLite)`,
  "",
  `${crash.kills} kills during ${crash.acknowledged} acknowledged handoffs over ${crash.keysUsed} dedup keys, ${Math.round(crash.durationMs / 1000)} s.`,
  "",
  "| check | result |",
  "| --- | --- |",
  `| keys with more than one ticket | ${crash.keysWithSeveralTickets.length} |`,
  `| acknowledged handoffs missing from their ticket | ${crash.missing.length} |`,
  `| handoffs written twice | ${crash.duplicates.length} |`,
  `| 5xx answers (each retried) | ${crash.serverErrors} |`,
  `| restart of the killed process (kill → listening) | ${ms(crash.restartMs)} |`,
  `| time to first success after a kill | ${ms(crash.firstSuccessMs)} |`,
  `| keys in flight at the kill served again (from the kill) | ${ms(crash.recoveryMs)} |`,
  `| the same, from when the process listened again | ${ms(crash.recoveryAfterRestartMs)} |`,
  "",
  `## Outbox drain against a helpdesk answering in ${DRAIN_LATENCY_MS} ms`,
  "",
  `${drain.queued} handoffs (distinct callers) queued during an outage; delivered in ${drain.seconds.toFixed(1)} s by one process: **${drain.perSecond.toFixed(1)} handoffs/s** (${drain.left} left).`,
  "",
];
mkdirSync(join(benchDir, "results"), { recursive: true });
writeFileSync(join(benchDir, "results", "resilience-latest.md"), `${report.join("\n")}\n`);
process.stdout.write(`${report.join("\n")}\n`);
