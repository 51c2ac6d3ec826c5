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
import type { LoadSpec } from "../load.ts";
import { progress } from "../log.ts";
import { describeLoad, measure } from "../measure.ts";
import type { BenchSettings, IngestRow, IngestScenario, MeasuredLoad, StoreKind } from "../results.ts";

export interface IngestStoreResult {
  rows: IngestRow[];
  outcomes: Record<string, number>;
}

/**
 * Request sources of the three scenarios against one server. The new-caller counter runs on across
 * phases, so no phase ever repeats a caller of an earlier one.
 */
function scenarioSpecs(
  url: string,
  runId: string,
): Record<IngestScenario, Pick<LoadSpec, "url" | "headers" | "body">> {
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
 * callers, (c) Idempotency-Key replays as fast as the server answers, and (a)/(b) again at a
 * fixed offered rate for the p99 target. One server serves all five phases, in that order.
 */
export async function runIngestStore(options: {
  repoRoot: string;
  tmpRoot: string;
  store: StoreChoice;
  settings: BenchSettings;
}): Promise<IngestStoreResult> {
  const { settings, store } = options;
  const kind: StoreKind = store.kind;
  const dataDir = join(options.tmpRoot, `ingest-${kind}`);
  mkdirSync(dataDir, { recursive: true });
  const server: ChildServer = await startIngestServer({ repoRoot: options.repoRoot, dataDir, store });
  const runId = randomBytes(4).toString("hex");
  const rows: IngestRow[] = [];
  try {
    // The repeat caller's ticket exists before (b) starts, and the replayed answer is stored before (c).
    await postHandoff(server.url, handoffBody(REPEAT_CALLER, `bench-repeat-${runId}-first`));
    await postHandoff(server.url, replayBody(runId), { "idempotency-key": `bench-replay-${runId}` });

    const specs = scenarioSpecs(server.url, runId);
    const phase = async (scenario: IngestScenario, mode: "max" | "rate"): Promise<MeasuredLoad> => {
      const load = await measure(server, {
        ...specs[scenario],
        connections: settings.connections,
        durationSec: mode === "max" ? settings.durationSec : settings.rateDurationSec,
        warmupSec: settings.warmupSec,
        ...(mode === "rate" ? { overallRate: settings.offeredRate } : {}),
      });
      const label = mode === "max" ? "max" : `${settings.offeredRate} req/s offered`;
      progress(`ingest ${kind} ${scenario} (${label}): ${describeLoad(load)}`);
      rows.push({ store: kind, scenario, mode, load, ratioToBaseline: null });
      return load;
    };
    await phase("new", "max");
    await phase("repeat", "max");
    await phase("replay", "max");
    await phase("new", "rate");
    await phase("repeat", "rate");
    return { rows, outcomes: await handoffOutcomes(server.url) };
  } finally {
    await server.stop();
  }
}
