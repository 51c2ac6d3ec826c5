import type {
  BenchResults,
  IngestRow,
  McpSection,
  SdpCallsRow,
  SdpOutageRun,
  SdpTokenRun,
  SlowHelpdeskRow,
  TargetResult,
} from "./results.ts";

/** The issue's targets, as numbers. */
export const TARGETS = {
  /** Dedup-hit path with SQLite: at least this share of the baseline's throughput. */
  dedupSqliteRatio: 0.5,
  /** p99 under this many ms at the offered rate… */
  p99Ms: 20,
  /** …and the server must actually answer (nearly) the rate offered. */
  rateAchievedShare: 0.95,
  /** MCP cold start (median, to the first tools/list answer) ÷ `node -e 0`'s median, alternated in one run. */
  mcpColdStartRatio: 5,
  apiCallsPerHandoff: 1,
  tokensPerLifetime: 1,
  /** Against a slow helpdesk, throughput within this share of connections / latency. */
  slowEfficiency: 0.75,
  /** Server CPU per handoff ÷ the echo's, at the same paced rate: memory store… */
  cpuRatioMemory: 4,
  /** …SQLite and Redis. */
  cpuRatioStore: 8,
  /** The longest GC pause in the server during a paced phase. */
  gcPauseMs: 20,
  /** SDP API calls for a 500-caller outage over 60 s, every caller's note on the ticket. */
  outageApiCalls: 50,
} as const;

/**
 * The echo's CPU per request a paced row is divided by: the mean of the echo measured right before
 * and right after the phase when it was, else the echo's own paced phase at the start of the run.
 */
export function echoUsFor(row: IngestRow, startEchoUs: number | null | undefined): number | null {
  if (row.echoUsAround) return Math.round((row.echoUsAround[0] + row.echoUsAround[1]) / 2);
  return startEchoUs ?? null;
}

/** Server CPU per handoff as a multiple of the echo's (paced phases); null when either is unknown. */
export function cpuRatio(row: IngestRow, startEchoUs: number | null | undefined): number | null {
  const us = row.load.serverCpuUsPerRequest;
  const echo = echoUsFor(row, startEchoUs);
  if (row.mode !== "paced" || !us || !echo) return null;
  return Math.round((us / echo) * 10) / 10;
}

export const cpuRatioGoal = (row: IngestRow) =>
  row.store === "memory" ? TARGETS.cpuRatioMemory : TARGETS.cpuRatioStore;

export function outageVerdict(run: SdpOutageRun | null | undefined): Verdict {
  if (!run) return null;
  return run.apiCalls <= TARGETS.outageApiCalls && run.callersOnTicket === run.callers && run.tickets === 1;
}

export type Verdict = boolean | null;

/** The target a row of the ingest table is held to, and whether it met it (null: no target). */
export function ingestVerdict(
  row: IngestRow,
  offeredRate: number,
): { target: string; pass: Verdict } | undefined {
  if (row.mode === "bursts") return undefined;
  if (row.mode === "paced") {
    const achieved = row.load.rps >= offeredRate * TARGETS.rateAchievedShare;
    return {
      target: `p99 < ${TARGETS.p99Ms} ms at ${offeredRate} req/s`,
      pass: achieved && row.load.non2xx === 0 && row.load.latency.p99Ms < TARGETS.p99Ms,
    };
  }
  if (row.store === "sqlite" && row.scenario === "repeat") {
    return {
      target: `≥ ${TARGETS.dedupSqliteRatio * 100}% of baseline`,
      pass: row.ratioToBaseline === null ? null : row.ratioToBaseline >= TARGETS.dedupSqliteRatio,
    };
  }
  return undefined;
}

export function slowVerdict(row: SlowHelpdeskRow): Verdict {
  return row.load.non2xx === 0 && row.efficiency >= TARGETS.slowEfficiency;
}

export function coldStartVerdict(mcp: McpSection): Verdict {
  return mcp.coldStartRatio ? mcp.coldStartRatio.ratio <= TARGETS.mcpColdStartRatio : null;
}

/** "4.1× (142.5 vs 34.7 ms)": the cold start's ratio to `node -e 0` and the medians it comes from. */
export function coldStartRatioText(mcp: McpSection): string {
  const r = mcp.coldStartRatio;
  return r ? `${r.ratio}× (${r.serverMedianMs} vs ${r.floorMedianMs} ms)` : "not measured";
}

export function callsVerdict(row: SdpCallsRow): Verdict {
  if (row.case.startsWith("first")) return null;
  // A new caller's requester lookup is one more call by design when the operator turns it on.
  if (row.case.startsWith("new ticket") && row.case.includes("=true")) return null;
  return row.perHandoff <= TARGETS.apiCallsPerHandoff;
}

/**
 * Mints per lifetime allowed for `run`: one, over the part of the lifetime a token is used. The
 * provider renews up to min(10 s, 1% of the lifetime) early, at random (so replicas do not renew at
 * once): a 10 s lifetime allows 1.01 mints per lifetime, an hour 1.003.
 */
export function tokensAllowed(run: SdpTokenRun): number {
  const earlySec = Math.min(10, run.lifetimeSec / 100);
  return (TARGETS.tokensPerLifetime * run.lifetimeSec) / (run.lifetimeSec - earlySec);
}

export function tokensVerdict(run: SdpTokenRun): Verdict {
  return run.perLifetime === null ? null : run.perLifetime <= Math.round(tokensAllowed(run) * 100) / 100;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Every target with what this run measured. */
export function evaluateTargets(results: Omit<BenchResults, "targets">): TargetResult[] {
  const out: TargetResult[] = [];
  const { ingest, settings } = results;

  const dedup = ingest.rows.find((r) => r.store === "sqlite" && r.scenario === "repeat" && r.mode === "max");
  out.push({
    id: "dedup-sqlite-vs-baseline",
    label: "Dedup-hit path (repeat callers), SQLite store",
    target: `≥ ${pct(TARGETS.dedupSqliteRatio)} of the baseline's throughput`,
    measured:
      dedup && ingest.baseline
        ? `${pct(dedup.ratioToBaseline ?? 0)} (${dedup.load.rps} vs ${ingest.baseline.rps} req/s)`
        : "not measured",
    pass: dedup ? (ingestVerdict(dedup, settings.offeredRate)?.pass ?? null) : null,
  });

  for (const row of ingest.rows.filter((r) => r.mode === "paced")) {
    out.push({
      id: `p99-${row.store}-${row.scenario}`,
      label: `${row.scenario === "new" ? "New callers" : "Repeat callers"}, ${row.store} store, ${settings.offeredRate} req/s offered (paced)`,
      target: `p99 < ${TARGETS.p99Ms} ms (and ≥ ${pct(TARGETS.rateAchievedShare)} of the rate answered)`,
      measured: `p99 ${row.load.latency.p99Ms} ms at ${row.load.rps} req/s answered`,
      pass: ingestVerdict(row, settings.offeredRate)?.pass ?? null,
    });
  }

  const echoUs = ingest.baselinePaced?.serverCpuUsPerRequest;
  for (const row of ingest.rows.filter((r) => r.mode === "paced")) {
    const ratio = cpuRatio(row, echoUs);
    out.push({
      id: `cpu-${row.store}-${row.scenario}`,
      label: `Server CPU per handoff ÷ echo's, ${row.scenario === "new" ? "new" : "repeat"} callers, ${row.store} store (${settings.offeredRate} req/s paced)`,
      target: `≤ ${cpuRatioGoal(row)}×`,
      measured:
        ratio === null
          ? "not measured"
          : `${ratio}× (${row.load.serverCpuUsPerRequest} vs ${echoUsFor(row, echoUs)} µs per request${
              row.echoUsAround ? `; the echo ${row.echoUsAround.join(" / ")} µs right before / after` : ""
            })`,
      pass: ratio === null ? null : ratio <= cpuRatioGoal(row),
    });
  }
  const stores = [...new Set(ingest.rows.map((r) => r.store))];
  for (const store of stores) {
    const phases = ingest.rows.filter(
      (r) => r.store === store && r.mode === "paced" && typeof r.load.maxGcPauseMs === "number",
    );
    if (phases.length === 0) continue;
    const worst = phases.reduce((a, b) => ((b.load.maxGcPauseMs ?? 0) > (a.load.maxGcPauseMs ?? 0) ? b : a));
    const longest = worst.load.maxGcPauseMs ?? 0;
    out.push({
      id: `gc-${store}`,
      label: `Longest GC pause in the server, ${store} store, paced phases`,
      target: `≤ ${TARGETS.gcPauseMs} ms`,
      measured: `${longest} ms${worst.load.maxGcPauseWhat ? ` (${worst.load.maxGcPauseWhat}; ${worst.scenario} callers)` : ""}`,
      pass: longest <= TARGETS.gcPauseMs,
    });
  }

  for (const row of results.slowHelpdesk.rows.filter(
    (r) => r.connections === Math.max(...settings.slowConnections),
  )) {
    out.push({
      id: `slow-helpdesk-${row.scenario}`,
      label: `${row.scenario === "new" ? "New callers" : "Repeat callers (one dedup key)"}, helpdesk latency ${results.slowHelpdesk.latencyMs} ms, ${row.connections} connections`,
      target: `throughput scales with connections: ≥ ${pct(TARGETS.slowEfficiency)} of ${row.idealRps} req/s`,
      measured: `${row.load.rps} req/s (${pct(row.efficiency)})`,
      pass: slowVerdict(row),
    });
  }

  const mcp = results.mcp;
  out.push({
    id: "mcp-cold-start",
    label: "MCP cold start to the first tools/list answer, median ÷ `node -e 0`'s (alternated, same run)",
    target: `≤ ${TARGETS.mcpColdStartRatio}×`,
    measured:
      mcp.coldStart && mcp.coldStartRatio
        ? `${coldStartRatioText(mcp)}, max ${mcp.coldStart.maxMs} ms`
        : "not measured",
    pass: coldStartVerdict(mcp),
  });

  for (const row of results.sdp.calls.filter((r) => !r.case.startsWith("first"))) {
    out.push({
      id: `sdp-calls-${row.case}`,
      label: `SDP API calls per handoff: ${row.case}`,
      target: `${TARGETS.apiCallsPerHandoff}`,
      measured: `${row.perHandoff} (${Object.entries(row.breakdown)
        .map(([k, v]) => `${k} ×${Math.round((v / row.handoffs) * 100) / 100}`)
        .join(", ")})`,
      pass: callsVerdict(row),
    });
  }

  const outage = results.sdp.outage;
  if (outage) {
    out.push({
      id: "sdp-outage",
      label: `SDP API calls for a ${outage.callers}-caller outage over ${outage.overSec} s (simulated clock, digest every ${outage.noteDigestMs / 1000} s)`,
      target: `≤ ${TARGETS.outageApiCalls}, every caller's note on the ticket`,
      measured: `${outage.apiCalls} calls (${Object.entries(outage.breakdown)
        .map(([k, v]) => `${k} ×${v}`)
        .join(
          ", ",
        )}); ${outage.callersOnTicket} of ${outage.callers} callers on ${outage.tickets} ticket(s), ${outage.duplicates} twice`,
      pass: outageVerdict(outage),
    });
  }

  for (const run of results.sdp.tokens) {
    out.push({
      id: `sdp-tokens-${run.clock}`,
      label: `Token requests per token lifetime, ${run.lifetimeSec} s lifetime (${run.clock === "virtual" ? "simulated hours" : "wall clock"})`,
      target: `≤ ${TARGETS.tokensPerLifetime} (${Math.round(tokensAllowed(run) * 100) / 100} with the renewal's early margin)`,
      measured:
        run.perLifetime === null
          ? `${run.tokenRequests} token request(s): too few to measure a rate`
          : `${run.perLifetime} (one every ${run.meanSecondsBetweenMints} s; ${run.perHour} per hour)`,
      pass: tokensVerdict(run),
    });
  }
  return out;
}
