import type { LoadResult } from "./load.ts";
import type { LatencySummary } from "./stats.ts";

/** A load phase with how busy the server process and the load generator were (cores, 1.0 = one core). */
export interface MeasuredLoad extends LoadResult {
  serverCores: number | null;
  loadGenCores: number;
  /**
   * Paced phases: the server process's CPU time (user + system, warm-up included) ÷ every request
   * sent, in µs. /proc counts CPU in 10 ms ticks, so it is exact to about ±10 ms ÷ requests.
   */
  serverCpuUsPerRequest?: number | null;
  /** Paced phases: the longest GC pause in the server during the phase (perf_hooks), ms. */
  maxGcPauseMs?: number | null;
  /** What that pause was, e.g. "minor, heap 111 MB after, live ≤ 62 MB" (`describeGcPause`). */
  maxGcPauseWhat?: string;
}

export type StoreKind = "memory" | "sqlite" | "redis";
export type IngestScenario = "new" | "repeat" | "replay";
export type IngestMode = "max" | "paced" | "bursts";

/** Knobs of one run, recorded with the numbers. */
export interface BenchSettings {
  quick: boolean;
  connections: number;
  durationSec: number;
  warmupSec: number;
  rateDurationSec: number;
  offeredRate: number;
  slowLatencyMs: number;
  slowConnections: number[];
  /** The launchers' Node flags the ingest section's servers ran with (`YOUNG_GENERATION_FLAGS`); absent in older runs: none. */
  launcherNodeFlags?: string[];
  /** Node/V8 flags the ingest section's servers also ran with (`--server-node-flags`); absent or empty: none. */
  serverNodeFlags?: string[];
  /** Seconds the echo is measured again right before and after each paced ingest phase. */
  echoAdjacentSec: number;
  slowDurationSec: number;
}

export interface IngestRow {
  store: StoreKind;
  scenario: IngestScenario;
  /**
   * "max": autocannon, as fast as the server answers. "paced": a fixed rate, one request every
   * 1/rate s (open loop). "bursts": autocannon's `overallRate` at the same rate, which sends each
   * second's quota back to back.
   */
  mode: IngestMode;
  load: MeasuredLoad;
  /** Throughput relative to the baseline echo server (max mode only). */
  ratioToBaseline: number | null;
  /**
   * Paced rows: the echo's server CPU per request (µs) measured right before and right after this
   * phase; the CPU ratio divides by their mean.
   */
  echoUsAround?: [before: number, after: number];
}

export interface IngestSection {
  baseline: MeasuredLoad | null;
  /** The echo at the same paced rate as the ingest phases: the CPU per request the ratios divide by. */
  baselinePaced?: MeasuredLoad | null;
  rows: IngestRow[];
  /** Handoff outcomes counted by each server (its /metrics), as a check that each path ran as meant. */
  outcomes: Partial<Record<StoreKind, Record<string, number>>>;
  skipped: { store: StoreKind; reason: string }[];
  /** Which Redis served the Redis store: REDIS_URL's (shared, own key prefix) or a redis-server of the bench's own. */
  redis?: string;
}

export interface SlowHelpdeskRow {
  scenario: "new" | "repeat";
  connections: number;
  load: MeasuredLoad;
  /** Helpdesk calls in one handoff on this path (1 to create; 2 to read the ticket and add a note). */
  helpdeskCallsPerHandoff: number;
  /** connections / (latency × calls): the rate if nothing but the helpdesk's latency limited it. */
  idealRps: number;
  /** rps / idealRps. */
  efficiency: number;
}

export interface SlowHelpdeskSection {
  latencyMs: number;
  store: StoreKind;
  rows: SlowHelpdeskRow[];
  skipped?: string;
}

export interface McpSection {
  entry: string;
  built: boolean;
  /** Spawn → first `tools/list` answer, fresh DATA_DIR each start. */
  coldStart: (LatencySummary & { samplesMs: number[] }) | null;
  /** The same with an empty Node compile cache: the first start after installing. */
  coldStartNoCompileCache: LatencySummary | null;
  /** Spawn → exit of `node -e 0`, alternated with the cold starts: the floor no server can go under. */
  nodeFloor: LatencySummary | null;
  /** The measure: the cold start's median ÷ the floor's, both from the same alternated run. */
  coldStartRatio: { serverMedianMs: number; floorMedianMs: number; ratio: number } | null;
  /** `handoff_submit` round trips over stdio, one at a time. */
  handoffNew: LatencySummary | null;
  handoffRepeat: LatencySummary | null;
  skipped?: string;
}

export interface SdpCallsRow {
  case: string;
  handoffs: number;
  apiCalls: number;
  tokenCalls: number;
  perHandoff: number;
  /** API calls by method and path shape, e.g. "POST /requests". */
  breakdown: Record<string, number>;
}

export interface SdpTokenRun {
  /** "real": wall clock with a short lifetime; "virtual": an injected clock, the real 3600 s lifetime. */
  clock: "real" | "virtual";
  lifetimeSec: number;
  elapsedSec: number;
  handoffs: number;
  apiCalls: number;
  tokenRequests: number;
  /** The mock's own count of token-endpoint requests (a check on the counting fetch). */
  tokenRequestsSeenByMock: number;
  /** Steady-state spacing of token requests (null with fewer than two). */
  meanSecondsBetweenMints: number | null;
  /** lifetime / spacing: token requests per token lifetime in steady state. */
  perLifetime: number | null;
  /** 3600 / spacing: token requests per hour of steady load at this lifetime. */
  perHour: number | null;
}

/** A mass outage: many callers of one outage key within a minute (a simulated clock, real HTTP). */
export interface SdpOutageRun {
  callers: number;
  /** Simulated seconds the callers arrived over. */
  overSec: number;
  noteDigestMs: number;
  apiCalls: number;
  breakdown: Record<string, number>;
  tickets: number;
  /** Notes on the outage ticket (digests count once). */
  notes: number;
  /** Callers whose `Ref:` marker is on the ticket (description or a note) exactly once. */
  callersOnTicket: number;
  /** Callers whose marker is on it more than once. */
  duplicates: number;
}

export interface SdpSection {
  calls: SdpCallsRow[];
  tokens: SdpTokenRun[];
  outage?: SdpOutageRun | null;
  skipped?: string;
}

export interface TargetResult {
  id: string;
  label: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  wallSec: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverage: number[];
    /**
     * The kernel's DAMON monitors at the start of the run ("on: paddr every 500 ms, pageout"): their
     * sampling stalls processes that hold much memory (bench/README.md, "Caveats"). Empty: looked for
     * on Linux and found none. Absent: not Linux, or a run from before empty lists were kept.
     */
    memoryMonitors?: string[];
    /** µs to write to a fresh 4 KiB page the first time, at the start of the run (`freshPageMicros`). Absent in older runs. */
    freshPageMicros?: number;
    /** Load average when the run ended: other work on the machine shows here. */
    loadAverageEnd: number[];
  };
  settings: BenchSettings;
  ingest: IngestSection;
  slowHelpdesk: SlowHelpdeskSection;
  mcp: McpSection;
  sdp: SdpSection;
  targets: TargetResult[];
}
