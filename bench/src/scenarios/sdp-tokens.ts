import type { FetchCounts } from "../counting-fetch.ts";
import { distinctCaller, REPEAT_CALLER } from "../handoff-bodies.ts";
import type { SdpTokenRun } from "../results.ts";
import { startSdpRig } from "../sdp-rig.ts";
import { round } from "../stats.ts";

function summarise(
  clock: "real" | "virtual",
  lifetimeSec: number,
  elapsedMs: number,
  handoffs: number,
  counts: FetchCounts,
  seenByMock: number,
): SdpTokenRun {
  const times = counts.tokenCallTimes;
  const first = times[0];
  const last = times[times.length - 1];
  // Steady state from the spacing of mints, so the one mint at start-up does not inflate the rate.
  const intervalSec =
    times.length >= 2 && first !== undefined && last !== undefined
      ? (last - first) / 1000 / (times.length - 1)
      : null;
  return {
    clock,
    lifetimeSec,
    elapsedSec: round(elapsedMs / 1000, 1),
    handoffs,
    apiCalls: counts.apiCalls,
    tokenRequests: counts.tokenCalls,
    tokenRequestsSeenByMock: seenByMock,
    meanSecondsBetweenMints: intervalSec === null ? null : round(intervalSec, 1),
    perLifetime: intervalSec === null ? null : round(lifetimeSec / intervalSec, 2),
    perHour: intervalSec === null ? null : round(3600 / intervalSec, 1),
  };
}

/** Half new callers, half the repeat caller: the mix of a steady day. */
function caller(n: number): string {
  return n % 2 === 0 ? REPEAT_CALLER : distinctCaller(700_000 + n);
}

/**
 * Token requests under steady load on the wall clock, with a short token lifetime so several
 * lifetimes pass within the run: `concurrency` handoffs in flight, each followed by a pause.
 */
export async function measureTokensRealTime(options: {
  lifetimeSec: number;
  durationSec: number;
  concurrency: number;
  pauseMs: number;
}): Promise<SdpTokenRun> {
  const rig = await startSdpRig({ tokenLifetimeSec: options.lifetimeSec });
  try {
    const started = Date.now();
    const until = started + options.durationSec * 1000;
    let handoffs = 0;
    const worker = async () => {
      while (Date.now() < until) {
        const n = handoffs++;
        await rig.submit(caller(n), `bench-sdp-real-${n}`);
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return summarise(
      "real",
      options.lifetimeSec,
      Date.now() - started,
      handoffs,
      rig.counter.counts(),
      rig.mock.oauth.tokenRequests(),
    );
  } finally {
    await rig.close();
  }
}

/**
 * Token requests over simulated hours with the real 3600 s lifetime: one clock is injected into
 * the mock (token expiry), the client (its token cache) and the handoff service; it advances
 * `stepSec` between rounds of `concurrency` concurrent handoffs. Only the waiting is skipped:
 * every request still goes over HTTP to the mock.
 */
export async function measureTokensVirtual(options: {
  hours: number;
  stepSec: number;
  concurrency: number;
}): Promise<SdpTokenRun> {
  const clock = { now: Date.now() };
  const rig = await startSdpRig({ tokenLifetimeSec: 3600, now: () => clock.now });
  try {
    const started = clock.now;
    const end = started + options.hours * 3_600_000;
    let handoffs = 0;
    while (clock.now < end) {
      await Promise.all(
        Array.from({ length: options.concurrency }, () => {
          const n = handoffs++;
          return rig.submit(caller(n), `bench-sdp-virtual-${n}`);
        }),
      );
      clock.now += options.stepSec * 1000;
    }
    return summarise(
      "virtual",
      3600,
      clock.now - started,
      handoffs,
      rig.counter.counts(),
      rig.mock.oauth.tokenRequests(),
    );
  } finally {
    await rig.close();
  }
}
