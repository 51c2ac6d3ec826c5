/**
 * `pnpm bench`: measures the bridge on loopback and writes bench/results/<date>.json and
 * bench/results/latest.md. See bench/README.md for what each number means.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestRedis, type TestRedis } from "@ispn/store-redis/testing";
import type { StoreChoice } from "./ingest-process.ts";
import { elapsedSeconds, progress } from "./log.ts";
import { loadAverage, machineInfo } from "./machine.ts";
import { renderReport } from "./report.ts";
import type { BenchResults, IngestSection, McpSection, SdpSection, SlowHelpdeskSection } from "./results.ts";
import { type EchoProbe, runBaseline } from "./scenarios/baseline.ts";
import { runIngestStore } from "./scenarios/ingest.ts";
import { runMcp } from "./scenarios/mcp.ts";
import { runSdp } from "./scenarios/sdp.ts";
import { runSlowHelpdesk } from "./scenarios/slow-helpdesk.ts";
import { type RunOptions, readRunOptions } from "./settings.ts";
import { round } from "./stats.ts";
import { evaluateTargets } from "./targets.ts";

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(benchDir, "..");

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Redis for the Redis store: REDIS_URL when set (own key prefix, deleted after), else a redis-server of our own. */
async function redisStore(): Promise<{ store: StoreChoice; redis: TestRedis } | { skip: string }> {
  const redis = await startTestRedis();
  if ("skip" in redis) return { skip: redis.skip };
  return { store: { kind: "redis", url: redis.url, keyPrefix: redis.keyPrefix }, redis };
}

async function ingest(options: RunOptions, tmpRoot: string): Promise<IngestSection> {
  const section: IngestSection = { baseline: null, rows: [], outcomes: {}, skipped: [] };
  const baseline = await runBaseline({ benchDir, tmpRoot, settings: options.settings });
  section.baseline = baseline.max;
  section.baselinePaced = baseline.paced;
  try {
    await ingestStores(options, tmpRoot, section, baseline.echoCpu);
  } finally {
    await baseline.stop();
  }
  const base = section.baseline?.rps;
  for (const row of section.rows) {
    if (row.mode === "max" && base) row.ratioToBaseline = round(row.load.rps / base, 3);
  }
  return section;
}

async function ingestStores(
  options: RunOptions,
  tmpRoot: string,
  section: IngestSection,
  echoCpu: EchoProbe,
): Promise<void> {
  for (const kind of options.stores) {
    let store: StoreChoice = { kind: "memory" };
    let redis: TestRedis | undefined;
    if (kind === "redis") {
      const found = await redisStore();
      if ("skip" in found) {
        progress(`ingest redis skipped: ${found.skip}`);
        section.skipped.push({ store: "redis", reason: found.skip });
        continue;
      }
      ({ store, redis } = found);
      section.redis = process.env.REDIS_URL
        ? "REDIS_URL (shared; keys under the bench's own prefix, deleted after)"
        : "a redis-server started by the bench on a free port (no persistence)";
    } else {
      store = { kind };
    }
    try {
      const result = await runIngestStore({ repoRoot, tmpRoot, store, settings: options.settings, echoCpu });
      section.rows.push(...result.rows);
      section.outcomes[kind] = result.outcomes;
    } catch (error) {
      progress(`ingest ${kind} failed: ${message(error)}`);
      section.skipped.push({ store: kind, reason: `failed: ${message(error).split("\n")[0]}` });
    } finally {
      await redis?.stop();
    }
  }
}

async function main(): Promise<void> {
  const options = readRunOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  if ((machine.loadAverage[0] ?? 0) > machine.cpus / 2) {
    progress(
      `warning: load average ${machine.loadAverage[0]} on ${machine.cpus} cores; other work will skew the numbers`,
    );
  }
  const tmpRoot = mkdtempSync(join(tmpdir(), "ispn-bench-"));
  const { settings, sections } = options;
  let ingestSection: IngestSection = { baseline: null, rows: [], outcomes: {}, skipped: [] };
  let slow: SlowHelpdeskSection = {
    latencyMs: settings.slowLatencyMs,
    store: "memory",
    rows: [],
    skipped: "not run",
  };
  let mcp: McpSection = {
    entry: "",
    built: false,
    coldStart: null,
    coldStartNoCompileCache: null,
    nodeFloor: null,
    coldStartRatio: null,
    handoffNew: null,
    handoffRepeat: null,
    skipped: "not run",
  };
  let sdp: SdpSection = { calls: [], tokens: [], skipped: "not run" };
  try {
    if (sections.has("ingest")) ingestSection = await ingest(options, tmpRoot);
    if (sections.has("slow")) {
      slow = await runSlowHelpdesk({ repoRoot, tmpRoot, settings }).catch((error: unknown) => {
        progress(`slow helpdesk failed: ${message(error)}`);
        return { latencyMs: settings.slowLatencyMs, store: "memory", rows: [], skipped: message(error) };
      });
    }
    if (sections.has("mcp")) {
      mcp = await runMcp({
        repoRoot,
        tmpRoot,
        coldStarts: options.mcpColdStarts,
        handoffCalls: options.mcpHandoffCalls,
      }).catch((error: unknown) => {
        progress(`mcp failed: ${message(error)}`);
        return { ...mcp, skipped: message(error).split("\n")[0] ?? "failed" };
      });
    }
    if (sections.has("sdp")) {
      sdp = await runSdp({
        handoffsPerCase: options.sdpHandoffsPerCase,
        realLifetimeSec: options.sdpRealLifetimeSec,
        realDurationSec: options.sdpRealDurationSec,
        virtualHours: options.sdpVirtualHours,
      }).catch((error: unknown) => {
        progress(`sdp failed: ${message(error)}`);
        return { calls: [], tokens: [], skipped: message(error) };
      });
    }
  } finally {
    rmSync(tmpRoot, { recursive: true, force: true });
  }

  const partial: Omit<BenchResults, "targets"> = {
    startedAt,
    wallSec: round(elapsedSeconds(), 1),
    machine: { ...machine, loadAverageEnd: loadAverage() },
    settings,
    ingest: ingestSection,
    slowHelpdesk: slow,
    mcp,
    sdp,
  };
  const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
  const outDir = join(benchDir, "results");
  mkdirSync(outDir, { recursive: true });
  const suffix = options.complete ? "" : "-partial";
  const jsonPath = join(outDir, `${startedAt.slice(0, 10)}${suffix}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const report = renderReport(results, basename(jsonPath));
  process.stdout.write(report);
  // Only a full run replaces the committed report; a partial one is printed and kept as JSON.
  if (options.complete) writeFileSync(join(outDir, "latest.md"), report);
  progress(
    `wrote ${jsonPath}${options.complete ? " and bench/results/latest.md" : " (partial run: latest.md left as it was)"} in ${Math.round(results.wallSec)} s`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${message(error)}\n`);
  process.exit(1);
});
