import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ChildServer } from "../child-server.ts";
import { handoffBody, newCallerBodies, REPEAT_CALLER, repeatCallerBodies } from "../handoff-bodies.ts";
import {
  AUTH_HEADERS,
  handoffOutcomes,
  postHandoff,
  type StoreChoice,
  startIngestServer,
} from "../ingest-process.ts";
import { progress } from "../log.ts";
import { describeLoad, measure, measurePaced } from "../measure.ts";
import type { BenchSettings, IngestMode, IngestRow, IngestScenario, StoreKind } from "../results.ts";
import type { EchoProbe } from "./baseline.ts";

/** Where a scenario's requests go and what they carry. */
interface RequestSource {
  url: string;
  headers: Record<string, string>;
  body: string | (() => string);
}

export interface IngestStoreResult {
  rows: IngestRow[];
  outcomes: Record<string, number>;
}

/**
 * Request sources of the three scenarios against one server. The new-caller counter runs on across
 * phases, so no phase ever repeats a caller of an earlier one.
 */
function scenarioSpecs(url: string, runId: string): Record<IngestScenario, RequestSource> {
  const target = `${url}/ingest/oa-handoff`;
  return {
    new: { url: target, headers: AUTH_HEADERS, body: newCallerBodies(runId) },
    repeat: { url: target, headers: AUTH_HEADERS, body: repeatCallerBodies(runId) },
    replay: {
      url: target,
      headers: { ...AUTH_HEADERS, "idempotency-key": `bench-replay-${runId}` },
      body: replayBody(runId),
    },
  };
}

function replayBody(runId: string): string {
  return handoffBody(REPEAT_CALLER, `bench-replay-${runId}`);
}

/**
 * One store: starts the real http-ingest entry on it, then runs (a) new callers, (b) repeat
 * callers, (c) Idempotency-Key replays as fast as the server answers, then (a)/(b) at a fixed
 * offered rate for the p99 target: paced (one request every 1/rate s), then as autocannon's
 * `overallRate` bursts. One server serves all seven phases, in that order. The echo is measured
 * again right before, between and after the paced phases (`echoCpu`), so each paced phase's CPU
 * ratio divides by the echo of the same minutes: the machine's speed drifts over a run.
 */
export async function runIngestStore(options: {
  repoRoot: string;
  tmpRoot: string;
  store: StoreChoice;
  settings: BenchSettings;
  echoCpu: EchoProbe;
}): Promise<IngestStoreResult> {
  const { settings, store } = options;
  const kind: StoreKind = store.kind;
  const dataDir = join(options.tmpRoot, `ingest-${kind}`);
  mkdirSync(dataDir, { recursive: true });
  const server: ChildServer = await startIngestServer({
    repoRoot: options.repoRoot,
    dataDir,
    store,
    nodeFlags: settings.serverNodeFlags ?? [],
  });
  const runId = randomBytes(4).toString("hex");
  const rows: IngestRow[] = [];
  try {
    // The repeat caller's ticket exists before (b) starts, and the replayed answer is stored before (c).
    await postHandoff(server.url, handoffBody(REPEAT_CALLER, `bench-repeat-${runId}-first`));
    await postHandoff(server.url, replayBody(runId), { "idempotency-key": `bench-replay-${runId}` });

    const specs = scenarioSpecs(server.url, runId);
    const phase = async (scenario: IngestScenario, mode: IngestMode): Promise<IngestRow> => {
      const source = specs[scenario];
      const rate = settings.offeredRate;
      const load =
        mode === "paced"
          ? await measurePaced(server, {
              ...source,
              rate,
              durationSec: settings.rateDurationSec,
              warmupSec: settings.warmupSec,
            })
          : await measure(server, {
              ...source,
              connections: settings.connections,
              durationSec: settings.durationSec,
              warmupSec: settings.warmupSec,
              ...(mode === "bursts" ? { overallRate: rate } : {}),
            });
      const label = { max: "max", paced: `${rate} req/s paced`, bursts: `${rate} req/s autocannon bursts` }[
        mode
      ];
      progress(`ingest ${kind} ${scenario} (${label}): ${describeLoad(load)}`);
      const row: IngestRow = { store: kind, scenario, mode, load, ratioToBaseline: null };
      rows.push(row);
      return row;
    };
    const echoNow = async (): Promise<number | null> => {
      const us = await options.echoCpu(settings.echoAdjacentSec);
      progress(`baseline echo again (${settings.echoAdjacentSec} s paced): ${us} µs CPU/request`);
      return us;
    };
    await phase("new", "max");
    await phase("repeat", "max");
    await phase("replay", "max");
    let echoBefore = await echoNow();
    for (const scenario of ["new", "repeat"] as const) {
      const row = await phase(scenario, "paced");
      const echoAfter = await echoNow();
      if (echoBefore !== null && echoAfter !== null) row.echoUsAround = [echoBefore, echoAfter];
      echoBefore = echoAfter;
    }
    await phase("new", "bursts");
    await phase("repeat", "bursts");
    return { rows, outcomes: await handoffOutcomes(server.url) };
  } finally {
    await server.stop();
  }
}
