import { distinctCaller, REPEAT_CALLER } from "../handoff-bodies.ts";
import type { SdpCallsRow } from "../results.ts";
import { type SdpRig, startSdpRig } from "../sdp-rig.ts";
import { round } from "../stats.ts";

function row(rig: SdpRig, label: string, handoffs: number): SdpCallsRow {
  const counts = rig.counter.counts();
  return {
    case: label,
    handoffs,
    apiCalls: counts.apiCalls,
    tokenCalls: counts.tokenCalls,
    perHandoff: round(counts.apiCalls / handoffs, 2),
    breakdown: counts.byRoute,
  };
}

/**
 * API calls per handoff through the SDP client, counted at the `fetch` the client is given: the
 * first handoff of a fresh client (token and lookups), then steady new-ticket and dedup-hit
 * handoffs, with the default mapping (no requester lookup) and with the lookup by phone turned on.
 */
export async function measureSdpCalls(handoffsPerCase: number): Promise<SdpCallsRow[]> {
  const rows: SdpCallsRow[] = [];
  for (const matchRequesterByPhone of [false, true]) {
    const rig = await startSdpRig({
      tokenLifetimeSec: 3600,
      ...(matchRequesterByPhone ? { matchRequesterByPhone } : {}),
    });
    const suffix = matchRequesterByPhone ? "SDP_MATCH_REQUESTER_BY_PHONE=true" : "default mapping";
    try {
      const base = matchRequesterByPhone ? 500_000 : 0;
      await rig.submit(REPEAT_CALLER, "bench-sdp-first");
      rows.push(row(rig, `first handoff of a fresh client (${suffix})`, 1));

      rig.counter.reset();
      for (let i = 1; i <= handoffsPerCase; i++) {
        const { created } = await rig.submit(distinctCaller(base + i), `bench-sdp-new-${i}`);
        if (!created) throw new Error("a new caller joined an existing ticket");
      }
      rows.push(row(rig, `new ticket (${suffix})`, handoffsPerCase));

      rig.counter.reset();
      for (let i = 1; i <= handoffsPerCase; i++) {
        const { created } = await rig.submit(REPEAT_CALLER, `bench-sdp-repeat-${i}`);
        if (created) throw new Error("the repeat caller created a second ticket");
      }
      rows.push(row(rig, `dedup hit (${suffix})`, handoffsPerCase));
    } finally {
      await rig.close();
    }
  }
  return rows;
}
