import { SEND_STALL_MS } from "./paced-load.ts";
import type { BenchResults, MeasuredLoad } from "./results.ts";
import { countsText } from "./stats.ts";
import {
  callsVerdict,
  coldStartRatioText,
  coldStartVerdict,
  cpuRatio,
  cpuRatioGoal,
  ingestVerdict,
  outageVerdict,
  slowVerdict,
  TARGETS,
  tokensVerdict,
  type Verdict,
} from "./targets.ts";

const verdict = (pass: Verdict): string => (pass === null ? "—" : pass ? "PASS" : "**MISS**");
const num = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined || Number.isNaN(n) ? "—" : n.toFixed(digits);
const cores = (n: number | null): string => (n === null ? "—" : n.toFixed(2));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function errorsNote(load: MeasuredLoad): string {
  const parts: string[] = [];
  if (load.non2xx) {
    const codes = countsText(
      Object.fromEntries(Object.entries(load.statusCodes).filter(([code]) => !code.startsWith("2"))),
    );
    parts.push(`non-2xx ${codes || load.non2xx}`);
  }
  if (load.errors) {
    const codes = countsText(load.errorCodes ?? {});
    parts.push(`${load.errors} errors${codes ? `: ${codes}` : ""}`);
  }
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** How late the paced generator was at worst, so a reader can tell server stalls from generator stalls. */
function sendLagNote(rows: BenchResults["ingest"]["rows"]): string[] {
  const lags = rows.flatMap((r) => (r.load.maxSendLagMs === undefined ? [] : [r.load.maxSendLagMs]));
  if (lags.length === 0) return [];
  return [
    "",
    `Paced phases: the generator sent every request at most ${num(Math.max(...lags))} ms after it was due (its own stalls; latency counts from the due time). When a stall of ${SEND_STALL_MS} ms or more overlapped a phase's longest GC pause, the GC column says so: the two happened together (the server's GC threads can take both cores; a generator stall as long as the pause points at the whole machine).`,
  ];
}

function ingestSection(r: BenchResults): string {
  const { settings, ingest } = r;
  const rows: string[][] = [];
  if (ingest.baseline) {
    const b = ingest.baseline;
    rows.push([
      "baseline",
      "Hono JSON echo",
      "max",
      `${num(b.rps)}${errorsNote(b)}`,
      "1.00",
      num(b.latency.p50Ms, 2),
      num(b.latency.p99Ms, 2),
      cores(b.serverCores),
      "—",
      "—",
    ]);
  }
  const names = {
    new: "(a) new callers",
    repeat: "(b) repeat callers",
    replay: "(c) Idempotency-Key replays",
  };
  for (const row of ingest.rows) {
    const v = ingestVerdict(row, settings.offeredRate);
    rows.push([
      row.store,
      names[row.scenario],
      {
        max: "max",
        paced: `${settings.offeredRate} req/s paced`,
        bursts: `${settings.offeredRate} req/s in bursts`,
      }[row.mode],
      `${num(row.load.rps)}${errorsNote(row.load)}`,
      row.ratioToBaseline === null ? "—" : num(row.ratioToBaseline, 3),
      num(row.load.latency.p50Ms, 2),
      num(row.load.latency.p99Ms, 2),
      cores(row.load.serverCores),
      v?.target ?? "—",
      verdict(v?.pass ?? null),
    ]);
  }
  const skipped = ingest.skipped.flatMap((s) => ["", `_${s.store} skipped: ${s.reason}_`]);
  const outcomes = Object.entries(ingest.outcomes)
    .map(
      ([store, counts]) =>
        `${store}: ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")}`,
    )
    .join("; ");
  return [
    "## Ingest",
    "",
    `http-ingest (the real \`apps/http-ingest/src/main.ts\`) in its own process with the in-process mock helpdesk${settings.launcherNodeFlags?.length ? `, started with the launchers' Node flags (\`${settings.launcherNodeFlags.join(" ")}\`)` : ""}; the load generator in the bench process. "max": autocannon, ${settings.connections} connections, ${settings.warmupSec} s warm-up, ${settings.durationSec} s measured. "paced": one request every ${1000 / settings.offeredRate} ms for ${settings.rateDurationSec} s (open loop, latency from the moment each request was due). "in bursts": autocannon's \`overallRate\`, which sends each connection's per-second quota back to back, then idles. Latencies are of 2xx answers, in ms. "Server CPU" is the server process's CPU use in cores (1.00 = one core busy).${settings.serverNodeFlags?.length ? ` **The servers also ran with \`${settings.serverNodeFlags.join(" ")}\`.**` : ""}`,
    "",
    table(
      [
        "store",
        "scenario",
        "load",
        "req/s",
        "× baseline",
        "p50 ms",
        "p99 ms",
        "server CPU",
        "target",
        "result",
      ],
      rows,
    ),
    ...(outcomes
      ? [
          "",
          `Handoff outcomes counted by each server (warm-ups included; replays never reach the handoff service): ${outcomes}.`,
        ]
      : []),
    ...(ingest.redis ? ["", `Redis: ${ingest.redis}.`] : []),
    ...sendLagNote(ingest.rows),
    ...skipped,
  ].join("\n");
}

/** The longest GC pause of a phase, with what it was when the log says ("88.8 (major, memory reducer, …)"). */
function gcCell(load: MeasuredLoad): string {
  const ms = num(load.maxGcPauseMs, 1);
  return load.maxGcPauseWhat ? `${ms} (${load.maxGcPauseWhat})` : ms;
}

/** Server CPU per handoff against the echo's at the same paced rate, and the longest GC pause. */
function cpuSection(r: BenchResults): string {
  const { ingest, settings } = r;
  const echo = ingest.baselinePaced;
  if (!echo) return "";
  const rows: string[][] = [
    [
      "baseline",
      "Hono JSON echo (start of the run)",
      num(echo.serverCpuUsPerRequest, 0),
      "—",
      "1.0",
      "—",
      num(echo.latency.p99Ms, 2),
      gcCell(echo),
      "—",
    ],
  ];
  for (const row of ingest.rows.filter((x) => x.mode === "paced")) {
    const ratio = cpuRatio(row, echo.serverCpuUsPerRequest);
    rows.push([
      row.store,
      row.scenario === "new" ? "(a) new callers" : "(b) repeat callers",
      num(row.load.serverCpuUsPerRequest, 0),
      row.echoUsAround ? row.echoUsAround.join(" / ") : "—",
      num(ratio, 1),
      `≤ ${cpuRatioGoal(row)}×`,
      num(row.load.latency.p99Ms, 2),
      gcCell(row.load),
      verdict(ratio === null ? null : ratio <= cpuRatioGoal(row)),
    ]);
  }
  return [
    "## Server CPU per handoff (ratios)",
    "",
    `Each server's CPU time (user + system, from /proc, warm-up included) ÷ requests sent, at ${settings.offeredRate} req/s paced for ${settings.warmupSec} + ${settings.rateDurationSec} s. The echo is loaded the same way at the start of the run, and again for 1 + ${settings.echoAdjacentSec} s right before and right after each paced ingest phase ("echo µs before / after"): each ratio divides by the mean of those two, because the machine's speed drifts over a run. The ratio is the figure to watch for regressions. GC: the longest pause the server's \`perf_hooks\` GC observer saw in the measured part of the phase, with its kind; "memory reducer" marks a collection V8 started to give memory back (bench/README.md, "GC pauses").`,
    "",
    table(
      [
        "store",
        "scenario",
        "CPU µs / request",
        "echo µs before / after",
        "× echo",
        "goal",
        "p99 ms",
        "longest GC ms",
        "result",
      ],
      rows,
    ),
  ].join("\n");
}

function slowSection(r: BenchResults): string {
  const s = r.slowHelpdesk;
  if (s.skipped) return `## Slow helpdesk\n\n_skipped: ${s.skipped}_`;
  const rows = s.rows.map((row) => [
    row.scenario === "new" ? "new callers" : "repeat callers (one dedup key)",
    String(row.connections),
    String(row.helpdeskCallsPerHandoff),
    `${num(row.load.rps)}${errorsNote(row.load)}`,
    num(row.idealRps, 0),
    `${Math.round(row.efficiency * 100)}%`,
    num(row.load.latency.p50Ms),
    num(row.load.latency.p99Ms),
    cores(row.load.serverCores),
    verdict(slowVerdict(row)),
  ]);
  return [
    "## Concurrency against a slow helpdesk",
    "",
    `Mock helpdesk latency ${s.latencyMs} ms per call, ${s.store} store. Ideal = connections / (latency × helpdesk calls per handoff): what the rate would be if only the helpdesk's latency limited it. Target: ≥ ${Math.round(TARGETS.slowEfficiency * 100)}% of ideal.`,
    "",
    table(
      [
        "scenario",
        "connections",
        "helpdesk calls",
        "req/s",
        "ideal req/s",
        "of ideal",
        "p50 ms",
        "p99 ms",
        "server CPU",
        "result",
      ],
      rows,
    ),
  ].join("\n");
}

function mcpSection(r: BenchResults): string {
  const m = r.mcp;
  if (m.skipped) return `## MCP over stdio\n\n_skipped: ${m.skipped}_`;
  const rows: string[][] = [];
  if (m.coldStart) {
    rows.push([
      `cold start → first tools/list answer (${m.coldStart.count} starts)`,
      num(m.coldStart.p50Ms),
      num(m.coldStart.p90Ms),
      num(m.coldStart.maxMs),
      `median ≤ ${TARGETS.mcpColdStartRatio}× the floor's`,
      `${verdict(coldStartVerdict(m))} ${coldStartRatioText(m)}`,
    ]);
  }
  if (m.coldStartNoCompileCache) {
    const u = m.coldStartNoCompileCache;
    rows.push([
      `the same with an empty compile cache: first start after installing (${u.count} starts)`,
      num(u.p50Ms),
      num(u.p90Ms),
      num(u.maxMs),
      "—",
      "—",
    ]);
  }
  if (m.nodeFloor)
    rows.push([
      `floor: \`node -e 0\` spawn → exit (${m.nodeFloor.count} starts, alternated with the cold starts)`,
      num(m.nodeFloor.p50Ms),
      num(m.nodeFloor.p90Ms),
      num(m.nodeFloor.maxMs),
      "—",
      "—",
    ]);
  for (const [label, s] of [
    ["handoff_submit, new caller", m.handoffNew],
    ["handoff_submit, repeat caller (dedup hit)", m.handoffRepeat],
  ] as const) {
    if (s)
      rows.push([`${label} (${s.count} calls)`, num(s.p50Ms, 2), num(s.p90Ms, 2), num(s.maxMs, 2), "—", "—"]);
  }
  return [
    "## MCP over stdio",
    "",
    `The built server (\`${m.entry.replace(/^.*\/apps\//, "apps/")}\`${m.built ? "" : ", **build failed: may be stale**"}), its defaults (SQLite store, SQLite-persisted mock), a fresh DATA_DIR per start, after one unmeasured start that fills Node's compile cache. The cold starts alternate with \`node -e 0\` starts, and the goal is the ratio of their medians (the p50 column is the nearest-rank percentile, which can differ from the median of an even count). Times in ms.`,
    "",
    table(["measure", "p50", "p90", "max", "target", "result"], rows),
  ].join("\n");
}

function sdpSection(r: BenchResults): string {
  const s = r.sdp;
  if (s.skipped) return `## SDP client\n\n_skipped: ${s.skipped}_`;
  const calls = s.calls.map((row) => [
    row.case,
    String(row.handoffs),
    String(row.apiCalls),
    String(row.tokenCalls),
    num(row.perHandoff, 2),
    Object.entries(row.breakdown)
      .map(([k, v]) => `\`${k}\` ×${v}`)
      .join(", "),
    verdict(callsVerdict(row)),
  ]);
  const tokens = s.tokens.map((t) => [
    t.clock === "virtual" ? `${t.lifetimeSec} s (simulated clock)` : `${t.lifetimeSec} s (wall clock)`,
    num(t.elapsedSec, 0),
    String(t.handoffs),
    `${t.tokenRequests} (mock saw ${t.tokenRequestsSeenByMock})`,
    num(t.meanSecondsBetweenMints),
    num(t.perLifetime, 2),
    num(t.perHour, 1),
    verdict(tokensVerdict(t)),
  ]);
  const o = s.outage;
  const outage = o
    ? [
        "",
        `Mass outage: ${o.callers} callers of one outage key over ${o.overSec} s (a simulated clock the bench moves; every call over HTTP), coalesced notes every ${o.noteDigestMs / 1000} s, the outbox deliverer run once per simulated second. Target: ≤ 50 SDP API calls, every caller's \`Ref:\` on the ticket exactly once.`,
        "",
        table(
          [
            "callers",
            "API calls",
            "calls",
            "tickets",
            "notes on the ticket",
            "callers on it once",
            "twice",
            "result",
          ],
          [
            [
              String(o.callers),
              String(o.apiCalls),
              Object.entries(o.breakdown)
                .map(([k, v]) => `\`${k}\` ×${v}`)
                .join(", "),
              String(o.tickets),
              String(o.notes),
              String(o.callersOnTicket),
              String(o.duplicates),
              verdict(outageVerdict(o)),
            ],
          ],
        ),
      ]
    : [];
  return [
    "## SDP client against the SDP-compatible mock",
    "",
    "API calls counted at the `fetch` given to `createSdpClient` (token endpoint apart), through `createSdpHelpdesk` and the core handoff service. Target: 1 API call per handoff (a new caller's requester lookup, when turned on, is one more by design).",
    "",
    table(["case", "handoffs", "API calls", "token calls", "per handoff", "calls", "result"], calls),
    "",
    `Token requests under steady load (4 handoffs in flight). Target: ≤ ${TARGETS.tokensPerLifetime} per token lifetime of use (a token is renewed up to min(10 s, 1% of its lifetime) early, at random: 1.01 per lifetime for a 10 s lifetime). Rates come from the spacing of token requests (the one at start-up does not count twice).`,
    "",
    table(
      [
        "token lifetime",
        "elapsed s",
        "handoffs",
        "token requests",
        "s between",
        "per lifetime",
        "per hour",
        "result",
      ],
      tokens,
    ),
    ...outage,
  ].join("\n");
}

/**
 * "; the kernel's DAMON memory monitor ran (…)" or "… was paused for this run (…)", for the machine
 * line, when the machine has one (`damonMonitors`: "on: …" / "off: …"); "; no DAMON memory monitor
 * ran" when the run looked and found none, so runs with and without one are told apart at a glance.
 */
function monitorsNote(monitors: string[] | undefined): string {
  const see = ' (bench/README.md, "Caveats")';
  if (monitors?.length === 0) return `; no DAMON memory monitor ran${see}`;
  const listed = (state: string) =>
    (monitors ?? []).filter((m) => m.startsWith(`${state}: `)).map((m) => m.slice(state.length + 2));
  const on = listed("on");
  const off = listed("off");
  return [
    on.length > 0
      ? `; the kernel's DAMON memory monitor ran (${on.join("; ")}): its sampling stalls processes that hold much memory${see}`
      : "",
    off.length > 0
      ? `; the kernel's DAMON memory monitor was paused for this run (${off.join("; ")})${see}`
      : "",
  ].join("");
}

/** "; the first write to a fresh 4 KiB page … took N µs (…)" for the machine line, where the run measured it. */
function freshPageNote(micros: number | undefined): string {
  if (micros === undefined) return "";
  return `; the first write to a fresh 4 KiB page of memory took ${micros} µs (a GC pause that commits new memory pays it per page; bench/README.md, "Caveats")`;
}

/** The markdown report: machine, targets, then a table per section. `jsonName` is the results file beside it. */
export function renderReport(r: BenchResults, jsonName: string): string {
  const m = r.machine;
  const targets = table(
    ["target", "goal", "measured", "result"],
    r.targets.map((t) => [t.label, t.target, t.measured, verdict(t.pass)]),
  );
  return `${[
    `# Bench results, ${r.startedAt.slice(0, 10)}`,
    "",
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node} on ${m.platform}; load average (1/5/15 min) ${m.loadAverage.map((x) => x.toFixed(2)).join(" / ")} at the start, ${m.loadAverageEnd.map((x) => x.toFixed(2)).join(" / ")} at the end${monitorsNote(m.memoryMonitors)}${freshPageNote(m.freshPageMicros)}. \`pnpm bench\` took ${Math.round(r.wallSec)} s${r.settings.quick ? " (--quick: shortened phases, numbers are rough)" : ""}. Written by \`bench/src/run.ts\`; the numbers in full are in \`bench/results/${jsonName}\`.`,
    "",
    "## Targets",
    "",
    targets,
    "",
    ingestSection(r),
    "",
    cpuSection(r),
    "",
    slowSection(r),
    "",
    mcpSection(r),
    "",
    sdpSection(r),
  ].join("\n")}\n`;
}
