import { progress } from "../log.ts";
import type { SdpSection } from "../results.ts";
import { measureSdpCalls } from "./sdp-calls.ts";
import { measureSdpOutage } from "./sdp-outage.ts";
import { measureTokensRealTime, measureTokensVirtual } from "./sdp-tokens.ts";

/** The SDP client against the helpdesk-mock's SDP-compatible server: API calls per handoff, token requests. */
export async function runSdp(options: {
  handoffsPerCase: number;
  realLifetimeSec: number;
  realDurationSec: number;
  virtualHours: number;
}): Promise<SdpSection> {
  const calls = await measureSdpCalls(options.handoffsPerCase);
  for (const row of calls) progress(`sdp ${row.case}: ${row.perHandoff} API calls per handoff`);
  const real = await measureTokensRealTime({
    lifetimeSec: options.realLifetimeSec,
    durationSec: options.realDurationSec,
    concurrency: 4,
    pauseMs: 50,
  });
  progress(
    `sdp tokens, ${real.lifetimeSec} s lifetime, ${real.elapsedSec} s of wall clock: ${real.tokenRequests} token requests, ${real.perLifetime} per lifetime`,
  );
  const virtual = await measureTokensVirtual({ hours: options.virtualHours, stepSec: 30, concurrency: 4 });
  progress(
    `sdp tokens, 3600 s lifetime, ${options.virtualHours} simulated hours: ${virtual.tokenRequests} token requests, ${virtual.perLifetime} per lifetime`,
  );
  const outage = await measureSdpOutage({ callers: 500, overSec: 60, noteDigestMs: 10_000 });
  progress(
    `sdp outage, ${outage.callers} callers over ${outage.overSec} simulated s: ${outage.apiCalls} API calls, ${outage.callersOnTicket} callers on the ticket, ${outage.duplicates} twice`,
  );
  return { calls, tokens: [real, virtual], outage };
}
