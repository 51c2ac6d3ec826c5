import { Agent, request } from "node:http";
import type { LoadResult } from "./load.ts";
import { round, summarize } from "./stats.ts";

/** A send this late (ms) is recorded as a stall of the load generator (`LoadResult.sendStalls`). */
export const SEND_STALL_MS = 5;

/** Stalls kept per phase: the longest. */
const KEPT_STALLS = 100;

/** An open-loop phase: requests leave at evenly spaced times, whether or not earlier ones were answered. */
export interface PacedSpec {
  url: string;
  headers: Record<string, string>;
  body: string | (() => string);
  /** Requests per second, evenly spaced. */
  rate: number;
  durationSec: number;
  /** Leading seconds at the same rate whose answers are not counted. */
  warmupSec: number;
  /** Keep-alive sockets at most; requests beyond wait in the agent's queue (and that wait counts). */
  maxSockets?: number;
  timeoutMs?: number;
}

/**
 * Offers a fixed rate the way callers arrive: one request every 1/rate s (autocannon's
 * `overallRate` instead sends each connection's per-second quota back to back, then idles until
 * the next second, so its "500 req/s" is a burst of 500 each second). Latency runs from the
 * moment a request was due, so a stalled server or a full socket pool is not hidden
 * (no coordinated omission).
 */
export async function runPaced(spec: PacedSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.maxSockets ?? 64 });
  const url = new URL(spec.url);
  const intervalMs = 1000 / spec.rate;
  const total = Math.round((spec.warmupSec + spec.durationSec) * spec.rate);
  const firstCounted = Math.round(spec.warmupSec * spec.rate);
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const errorCodes: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  // How late the generator itself sent requests (its own event loop stalls), counted phase only.
  let maxSendLagMs = 0;
  let stalls: { at: number; ms: number }[] = [];

  const send = (n: number, dueAt: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const counted = n >= firstCounted;
      const body = typeof spec.body === "function" ? spec.body() : spec.body;
      const req = request(
        url,
        {
          method: "POST",
          agent,
          headers: { ...spec.headers, "content-length": Buffer.byteLength(body) },
          timeout: spec.timeoutMs ?? 10_000,
        },
        (res) => {
          res.resume();
          res.once("end", () => {
            const status = res.statusCode ?? 0;
            if (counted) {
              statusCodes[status] = (statusCodes[status] ?? 0) + 1;
              if (status >= 200 && status < 300) {
                ok += 1;
                samples.push(performance.now() - dueAt);
              } else {
                non2xx += 1;
              }
            }
            resolve();
          });
        },
      );
      req.once("timeout", () => {
        if (counted) timeouts += 1;
        req.destroy(new Error("timeout"));
      });
      req.once("error", (error: NodeJS.ErrnoException) => {
        if (counted) {
          errors += 1;
          const code = error.code ?? error.message;
          errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        }
        resolve();
      });
      req.end(body);
    });

  const started = performance.now();
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // The first request due in this tick is the latest sent: how long the generator stalled.
      const firstDue = started + next * intervalMs;
      if (next >= firstCounted && next < total && now - firstDue >= SEND_STALL_MS) {
        stalls.push({ at: Math.round(performance.timeOrigin + firstDue), ms: round(now - firstDue, 1) });
        if (stalls.length > 2 * KEPT_STALLS)
          stalls = stalls.sort((a, b) => b.ms - a.ms).slice(0, KEPT_STALLS);
      }
      while (next < total && started + next * intervalMs <= now) {
        const due = started + next * intervalMs;
        if (next >= firstCounted) maxSendLagMs = Math.max(maxSendLagMs, now - due);
        const p = send(next, due);
        inFlight.add(p);
        void p.then(() => inFlight.delete(p));
        next += 1;
      }
      if (next >= total) done();
      else setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  const latency = summarize(samples);
  return {
    connections: spec.maxSockets ?? 64,
    durationSec: spec.durationSec,
    offeredRate: spec.rate,
    rps: round(ok / spec.durationSec, 1),
    ok,
    non2xx,
    ...(errors > 0 ? { errorCodes } : {}),
    errors,
    timeouts,
    statusCodes,
    latency,
    autocannonP99Ms: null,
    maxSendLagMs: round(maxSendLagMs, 1),
    sendStalls: stalls
      .sort((a, b) => b.ms - a.ms)
      .slice(0, KEPT_STALLS)
      .sort((a, b) => a.at - b.at),
  };
}
