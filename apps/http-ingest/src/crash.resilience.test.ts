import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { startTestRedis } from "@ispn/store-redis/testing";
import { describe, expect, it } from "vitest";
import { runCrashScenario } from "../test/crash/crash-run.ts";
import { IngestProcess } from "../test/crash/ingest-process.ts";
import { freePort, sdpIngestEnv } from "../test/crash/sdp-rig.ts";
import { TOKEN } from "../test/harness.ts";

/**
 * Real crashes: http-ingest processes (HELPDESK=sdp against the SDP-compatible mock) killed with
 * SIGKILL at random moments under load and restarted on the same store. CI runs a small version;
 * `CRASH_HANDOFFS` / `CRASH_KILLS` set the size (`pnpm bench:resilience` runs 2,000 / 12 and reports the
 * timings). Runs after the other tests, alone: `pnpm --filter @ispn/http-ingest test:resilience`.
 */
const HANDOFFS = Number(process.env.CRASH_HANDOFFS ?? 300);
const KILLS = Number(process.env.CRASH_KILLS ?? 3);
const TIMEOUT = 120_000 + HANDOFFS * 100;

async function sdpEnv() {
  const mock = await startSdpMockServer();
  return { mock, env: sdpIngestEnv(mock, TOKEN) };
}

function expectIntact(report: Awaited<ReturnType<typeof runCrashScenario>>) {
  expect(report.kills).toBe(KILLS);
  expect(report.acknowledged).toBeGreaterThanOrEqual(HANDOFFS);
  expect(report.keysWithSeveralTickets).toEqual([]);
  expect(report.mixedTickets).toEqual([]);
  expect(report.missing).toEqual([]);
  expect(report.duplicates).toEqual([]);
  expect(report.tickets).toBe(report.keysUsed);
  // the keys a dead process held serve handoffs again within 10 s (counted from when a process is
  // back: how long the process manager takes to restart it is the machine's, not ours)
  for (const ms of report.recoveryAfterRestartMs) expect(ms).toBeLessThan(10_000);
}

describe("kill -9 under load", () => {
  it(
    `one process on SQLite: ${KILLS} kills during ${HANDOFFS} handoffs → one ticket per key, nothing lost or doubled`,
    async () => {
      const { mock, env } = await sdpEnv();
      const dataDir = mkdtempSync(join(tmpdir(), "ispn-crash-"));
      const ingest = new IngestProcess({ ...env, DATA_DIR: dataDir, PORT: String(await freePort()) });
      try {
        await ingest.start();
        const report = await runCrashScenario({
          processes: [ingest],
          helpdesk: mock.helpdesk,
          token: TOKEN,
          handoffs: HANDOFFS,
          kills: KILLS,
          concurrency: 16,
        });
        // biome-ignore lint/suspicious/noConsole: the run's figures are part of its report
        console.info("crash run (SQLite)", JSON.stringify({ ...report, missing: report.missing.length }));
        expectIntact(report);
      } finally {
        await ingest.stop();
        await mock.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    `two replicas on Redis (with persistence): ${KILLS} kills during ${HANDOFFS} handoffs → the same`,
    async () => {
      const redis = await startTestRedis({ own: true, persist: true });
      if ("skip" in redis) throw new Error(redis.skip);
      const { mock, env } = await sdpEnv();
      const dataDir = mkdtempSync(join(tmpdir(), "ispn-crash-redis-"));
      const shared = { ...env, DATA_DIR: dataDir, STORE_URL: redis.url, REDIS_KEY_PREFIX: redis.keyPrefix };
      const replicas = [
        new IngestProcess({ ...shared, PORT: String(await freePort()) }),
        new IngestProcess({ ...shared, PORT: String(await freePort()) }),
      ];
      try {
        await Promise.all(replicas.map((r) => r.start()));
        const report = await runCrashScenario({
          processes: replicas,
          helpdesk: mock.helpdesk,
          token: TOKEN,
          handoffs: HANDOFFS,
          kills: KILLS,
          concurrency: 16,
        });
        // biome-ignore lint/suspicious/noConsole: the run's figures are part of its report
        console.info("crash run (Redis)", JSON.stringify({ ...report, missing: report.missing.length }));
        expectIntact(report);
      } finally {
        await Promise.all(replicas.map((r) => r.stop()));
        await mock.close();
        await redis.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
