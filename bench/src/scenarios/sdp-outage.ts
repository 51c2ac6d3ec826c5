import { distinctCaller } from "../handoff-bodies.ts";
import type { SdpOutageRun } from "../results.ts";
import { startSdpRig } from "../sdp-rig.ts";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/**
 * A mass outage through the real SDP client and adapter against the SDP-compatible mock: `callers`
 * callers of one outage key arrive evenly over `overSec` simulated seconds (a clock the bench moves,
 * so the run takes seconds; every call still goes over HTTP), with coalesced notes every
 * `noteDigestMs`. The outbox deliverer runs once per simulated second. Counts SDP API calls, then
 * reads the ticket back (not counted) to check that every caller's `Ref:` marker is on it once.
 */
export async function measureSdpOutage(options: {
  callers: number;
  overSec: number;
  noteDigestMs: number;
}): Promise<SdpOutageRun> {
  const clock = { now: T0 };
  const rig = await startSdpRig({
    tokenLifetimeSec: 3600,
    now: () => clock.now,
    noteDigestMs: options.noteDigestMs,
  });
  try {
    const oaKey = `OUT-BENCH-${Math.floor(Math.random() * 1e6)}`;
    const step = (options.overSec * 1000) / options.callers;
    const ticketIds = new Set<string>();
    const markers: string[] = [];
    let nextDelivery = T0 + 1000;
    for (let i = 0; i < options.callers; i++) {
      const conversation = `outage-caller-${i}`;
      markers.push(conversation);
      ticketIds.add((await rig.submit(distinctCaller(900_000 + i), conversation, oaKey)).ticketId);
      clock.now += step;
      if (clock.now >= nextDelivery) {
        await rig.deliverer.deliverDue();
        nextDelivery += 1000;
      }
    }
    // The last interval's notes fall due at its end.
    clock.now += options.noteDigestMs;
    await rig.deliverer.deliverDue();
    await rig.handoffs.drain();
    const counts = rig.counter.counts();
    const apiCalls = counts.apiCalls;

    const [ticketId] = [...ticketIds];
    const ticket = ticketId ? await rig.helpdesk.getTicket(ticketId) : undefined;
    const texts = [ticket?.description ?? ""];
    for (let startIndex = 1; ticketId; ) {
      const page = await rig.helpdesk.listNotes(ticketId, { startIndex, rowCount: 100 });
      texts.push(...page.items.map((n) => n.body));
      if (!page.hasMore || page.items.length === 0) break;
      startIndex += page.items.length;
    }
    const all = texts.join("\n");
    let once = 0;
    let duplicates = 0;
    for (const marker of markers) {
      const found = all.match(new RegExp(`Ref: ${marker}(?![0-9A-Za-z-])`, "g"))?.length ?? 0;
      if (found === 1) once++;
      if (found > 1) duplicates++;
    }
    return {
      callers: options.callers,
      overSec: options.overSec,
      noteDigestMs: options.noteDigestMs,
      apiCalls,
      breakdown: counts.byRoute,
      tickets: ticketIds.size,
      notes: texts.length - 1,
      callersOnTicket: once,
      duplicates,
    };
  } finally {
    await rig.close();
  }
}
