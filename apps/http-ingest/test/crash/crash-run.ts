import type { MockHelpdesk } from "@ispn/helpdesk-mock";
import type { IngestProcess } from "./ingest-process.ts";

/**
 * A crash run: handoffs over ~100 dedup keys (outages, repeat callers in two categories) sent to
 * one or more http-ingest processes while they are killed with SIGKILL at random moments and
 * started again on the same store. Interrupted requests are retried with their Idempotency-Key,
 * as an agent would. Afterwards every ticket in the helpdesk is read back and checked.
 */
export interface CrashRunOptions {
  processes: IngestProcess[];
  /** The helpdesk behind the processes (the SDP-compatible mock's state). */
  helpdesk: MockHelpdesk;
  token: string;
  /** Handoffs to send at least (more while kills are still to come). */
  handoffs: number;
  kills: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Called between kills, e.g. to restart Redis. */
  random?: () => number;
  log?: (line: string) => void;
}

export interface CrashRunReport {
  acknowledged: number;
  queued: number;
  kills: number;
  tickets: number;
  keysUsed: number;
  /** Dedup keys on more than one ticket. */
  keysWithSeveralTickets: string[];
  /** Tickets that hold handoffs of more than one dedup key. */
  mixedTickets: string[];
  /** Acknowledged handoffs not found on the ticket (or delivered reference) they were answered with. */
  missing: string[];
  /** Handoffs written more than once (description or notes), over all tickets. */
  duplicates: string[];
  /** Per kill: ms from the kill until a key in flight at the kill was served again (worst key). */
  recoveryMs: number[];
  /** The same, counted from when the killed process listened again (restart time left out). */
  recoveryAfterRestartMs: number[];
  /** Per kill: ms from the kill until the replacement process listened. */
  restartMs: number[];
  /** ms from each kill until the first handoff succeeded anywhere. */
  firstSuccessMs: number[];
  /** 5xx answers seen (each retried). */
  serverErrors: number;
  durationMs: number;
}

interface Sent {
  conversationId: string;
  key: string;
  ticketId?: string;
  reference?: string;
}

const OUTAGES = 10;
const CALLERS = 45;

function pick(random: () => number, i: number): { key: string; body: Record<string, unknown> } {
  const roll = random();
  const conversationId = `conv_crash_${i}`;
  if (roll < 0.35) {
    const outage = Math.floor(random() * OUTAGES);
    return {
      key: `oa:out-${outage}`,
      body: {
        note: `Category: Outage\nReason: TwoStepsNoResolve\nSummary: No service in zone ${outage} since this morning\nConfidence: 0.9`,
        oaKey: `OUT-${outage}`,
        callerNumber: `+1415556${String(i % 10_000).padStart(4, "0")}`,
        conversationId,
      },
    };
  }
  const caller = Math.floor(random() * CALLERS);
  const category = random() < 0.5 ? "WiFi" : "Billing";
  const number = `+1415555${String(1000 + caller)}`;
  return {
    key: `caller:${number}:${category}`,
    body: {
      note: `Category: ${category}\nReason: CallerRequested\nSummary: Caller ${caller} needs help with ${category}\nConfidence: 0.8`,
      callerNumber: number,
      conversationId,
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the load with kills, waits for the outbox to drain, and checks every ticket. */
export async function runCrashScenario(options: CrashRunOptions): Promise<CrashRunReport> {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const sent: Sent[] = [];
  const inFlight = new Map<number, string>(); // request index → key
  const kills: { at: number; keys: Set<string>; restartedAt: number }[] = [];
  const successes: { key: string; at: number; sentAt: number }[] = [];
  let serverErrors = 0;
  let queued = 0;
  let next = 0;

  const target = (i: number) => {
    const live = options.processes.filter((p) => p.readyUrl);
    return live.length > 0 ? live[i % live.length]!.readyUrl : undefined;
  };

  async function send(i: number): Promise<void> {
    const { key, body } = pick(random, i);
    inFlight.set(i, key);
    for (let attempt = 0; attempt < 400; attempt++) {
      const url = target(i + attempt);
      const sentAt = Date.now();
      if (url) {
        try {
          const res = await fetch(`${url}/ingest/oa-handoff`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${options.token}`,
              "idempotency-key": `crash-${i}`,
            },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(30_000),
          });
          if (res.status === 200) {
            const answer = (await res.json()) as { outcome: string; ticketId: string; reference?: string };
            const record: Sent = { conversationId: body.conversationId as string, key };
            if (answer.outcome === "queued") {
              record.reference = answer.reference!;
              queued++;
            } else {
              record.ticketId = answer.ticketId;
              successes.push({ key, at: Date.now(), sentAt });
            }
            sent.push(record);
            inFlight.delete(i);
            return;
          }
          if (res.status >= 500) serverErrors++;
          await res.body?.cancel();
          if (res.status < 500 && res.status !== 409 && res.status !== 429) {
            throw new Error(`handoff ${i} refused with ${res.status}`);
          }
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("handoff")) throw error;
          // connection refused or reset: the process died; retry with the same key
        }
      }
      await sleep(100 + random() * 200);
    }
    throw new Error(`handoff ${i} never got an answer`);
  }

  let killsDone = false;
  // at least `handoffs`, and on until every kill has happened
  async function worker(): Promise<void> {
    while (next < options.handoffs || !killsDone) await send(next++);
  }

  async function killer(): Promise<void> {
    for (let k = 0; k < options.kills; k++) {
      await sleep(300 + random() * 1200);
      const victim = options.processes[Math.floor(random() * options.processes.length)]!;
      const at = Date.now();
      await victim.kill9();
      const kill = { at, keys: new Set(inFlight.values()), restartedAt: at };
      kills.push(kill);
      log(`kill ${k + 1}: ${inFlight.size} handoffs in flight`);
      await victim.start();
      kill.restartedAt = Date.now();
    }
    killsDone = true;
  }

  await Promise.all([...Array.from({ length: options.concurrency }, () => worker()), killer()]);

  // let the deliverers empty the outbox
  for (let i = 0; i < 600; i++) {
    const ready = (await (await fetch(`${target(0)}/readyz`)).json()) as {
      checks: { outbox?: { depth: number } };
    };
    if ((ready.checks.outbox?.depth ?? 0) === 0) break;
    await sleep(100);
  }
  const durationMs = Date.now() - started;
  return {
    ...(await check(options, sent, random)),
    ...timings(kills, successes),
    kills: kills.length,
    queued,
    serverErrors,
    durationMs,
  };
}

function timings(
  kills: { at: number; keys: Set<string>; restartedAt: number }[],
  successes: { key: string; at: number; sentAt: number }[],
) {
  const recoveryMs: number[] = [];
  const recoveryAfterRestartMs: number[] = [];
  const restartMs: number[] = [];
  const firstSuccessMs: number[] = [];
  for (const kill of kills) {
    const after = successes.filter((s) => s.sentAt >= kill.at).sort((a, b) => a.at - b.at);
    if (after[0]) firstSuccessMs.push(after[0].at - kill.at);
    let worst = 0;
    for (const key of kill.keys) {
      const served = after.find((s) => s.key === key);
      if (served) worst = Math.max(worst, served.at - kill.at);
    }
    recoveryMs.push(worst);
    restartMs.push(kill.restartedAt - kill.at);
    recoveryAfterRestartMs.push(Math.max(0, worst - (kill.restartedAt - kill.at)));
  }
  return { recoveryMs, recoveryAfterRestartMs, restartMs, firstSuccessMs };
}

async function check(options: CrashRunOptions, sent: Sent[], _random: () => number) {
  const { helpdesk } = options;
  const texts = new Map<string, string[]>(); // ticket id → description and note bodies
  for (let start = 1; ; start += 100) {
    const page = await helpdesk.listTickets({ page: { startIndex: start, rowCount: 100 } });
    for (const ticket of page.items) {
      const bodies = [ticket.description];
      for (let n = 1; ; n += 100) {
        const notes = await helpdesk.listNotes(ticket.id, { startIndex: n, rowCount: 100 });
        bodies.push(...notes.items.map((note) => note.body));
        if (!notes.hasMore) break;
      }
      texts.set(ticket.id, bodies);
    }
    if (!page.hasMore) break;
  }
  const keyOf = new Map(sent.map((s) => [s.conversationId, s.key]));
  const pattern = /conv_crash_\d+/g;
  const ticketsOfKey = new Map<string, Set<string>>();
  const seen = new Map<string, number>();
  const mixedTickets: string[] = [];
  const where = new Map<string, string>(); // conversation → ticket
  for (const [ticketId, bodies] of texts) {
    const keys = new Set<string>();
    for (const body of bodies) {
      for (const conv of new Set(body.match(pattern) ?? [])) {
        seen.set(conv, (seen.get(conv) ?? 0) + 1);
        where.set(conv, ticketId);
        const key = keyOf.get(conv);
        if (key) keys.add(key);
      }
    }
    if (keys.size > 1) mixedTickets.push(ticketId);
    for (const key of keys) ticketsOfKey.set(key, (ticketsOfKey.get(key) ?? new Set()).add(ticketId));
  }
  const missing: string[] = [];
  for (const s of sent) {
    let ticketId = s.ticketId;
    if (s.reference) {
      const res = await fetch(`${options.processes.find((p) => p.readyUrl)!.url}/handoffs/${s.reference}`, {
        headers: { authorization: `Bearer ${options.token}` },
      });
      const status = (await res.json()) as { state: string; ticketId?: string };
      ticketId = status.state === "delivered" ? status.ticketId : undefined;
    }
    if (!ticketId || where.get(s.conversationId) !== ticketId) missing.push(s.conversationId);
  }
  return {
    acknowledged: sent.length,
    tickets: texts.size,
    keysUsed: new Set(sent.map((s) => s.key)).size,
    keysWithSeveralTickets: [...ticketsOfKey].filter(([, t]) => t.size > 1).map(([k]) => k),
    mixedTickets,
    missing,
    duplicates: [...seen].filter(([, n]) => n > 1).map(([conv]) => conv),
  };
}
