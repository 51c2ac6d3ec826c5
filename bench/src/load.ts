import autocannon from "autocannon";
import { type LatencySummary, round, summarize } from "./stats.ts";

/** One load phase against one URL. */
export interface LoadSpec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A fixed body, or a function called once per request (distinct callers, conversation ids). */
  body?: string | (() => string);
  connections: number;
  durationSec: number;
  /** A short unmeasured phase first (same body source), so JIT and pools are warm. */
  warmupSec?: number;
  /** Offer a fixed rate (requests/s over all connections) instead of as fast as possible. */
  overallRate?: number;
  timeoutSec?: number;
}

/** What one measured phase produced. Latency covers 2xx answers only, with sub-millisecond precision. */
export interface LoadResult {
  connections: number;
  durationSec: number;
  offeredRate: number | null;
  /** 2xx answers per second. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latency: LatencySummary;
  /** autocannon's own p99 (whole ms; corrected for coordinated omission when a rate is offered); null when autocannon did not run the phase. */
  autocannonP99Ms: number | null;
  /** Paced phases: the latest the generator sent a request after it was due (its own stalls). */
  maxSendLagMs?: number;
  /**
   * Paced phases: when the generator sent late by `SEND_STALL_MS` or more, from when (epoch ms) and
   * for how long; the longest 100. The report says when one overlapped a server's GC pause.
   */
  sendStalls?: { at: number; ms: number }[];
  /** Paced phases: the requests that got no answer, by error code (e.g. ECONNRESET, timeout). */
  errorCodes?: Record<string, number>;
}

function options(spec: LoadSpec, durationSec: number): autocannon.Options {
  const url = new URL(spec.url);
  const base: autocannon.Options = {
    url: url.origin,
    connections: spec.connections,
    duration: durationSec,
    timeout: spec.timeoutSec ?? 10,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
  };
  const request: autocannon.Request = {
    method: spec.method ?? "POST",
    path: `${url.pathname}${url.search}`,
    headers: spec.headers ?? {},
  };
  const body = spec.body;
  if (typeof body === "function") {
    request.setupRequest = (req) => ({ ...req, body: body() });
  } else if (body !== undefined) {
    request.body = body;
  }
  return { ...base, requests: [request] };
}

function once(opts: autocannon.Options, samples: number[] | undefined): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    if (samples) {
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
      });
    }
  });
}

/** Runs the warm-up (if any), then the measured phase, with autocannon in this process. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSec && spec.warmupSec > 0) await once(options(spec, spec.warmupSec), undefined);
  const samples: number[] = [];
  const result = await once(options(spec, spec.durationSec), samples);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stat.count ?? 0;
  return {
    connections: spec.connections,
    durationSec: result.duration,
    offeredRate: spec.overallRate ?? null,
    rps: round(result["2xx"] / result.duration, 1),
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latency: summarize(samples),
    autocannonP99Ms: result.latency.p99,
  };
}
