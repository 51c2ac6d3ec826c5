import { createHandoffService, createMemoryStores, type Handoff, prepareHandoff } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk, createSdpOutageProblems } from "./index.ts";

/** Outage tickets as problems, end to end over HTTP against the SDP-compatible mock. */
let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const caller = (i: number) => `+1415555${String(100 + i).padStart(4, "0")}`;
function handoff(i: number, call: number): Handoff {
  const prepared = prepareHandoff({
    note: `Category: Outage\nReason: OutageConfirmed\nSummary: No internet on Elm St (caller ${i})\nConfidence: 0.9`,
    callerNumber: caller(i),
    oaKey: "OUT-ELM-ST",
    conversationId: `conv_${i}_${call}`,
  });
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
  return prepared.value;
}

/** The mock over HTTP, its SDP client, and a handoff service opening outage problems through it. */
async function startOutageProblems(withoutPortal: boolean) {
  fixture = await startMockWithClient({ withoutPortal });
  const { mock, client } = fixture;
  const handoffs = createHandoffService({
    helpdesk: createSdpHelpdesk({ client }),
    dedup: createMemoryStores().dedup,
    outageProblems: createSdpOutageProblems({ client }),
  });
  return { mock, client, handoffs };
}

describe.each([
  { label: "with a portal", withoutPortal: false },
  { label: "portal-less", withoutPortal: true },
])("OUTAGE_TICKETS=problem over HTTP ($label)", ({ withoutPortal }) => {
  it("20 callers of one outage, 3 calling twice: 1 problem, 20 linked requests of their own, 3 notes", async () => {
    const { mock, handoffs } = await startOutageProblems(withoutPortal);
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => handoffs.submit(handoff(i, 1))));
    const again = await Promise.all([3, 7, 11].map((i) => handoffs.submit(handoff(i, 2))));

    const problems = mock.helpdesk.itsm.problems.list();
    expect(problems).toHaveLength(1);
    const requestIds = problems[0]?.requestIds ?? [];
    expect(new Set(requestIds).size).toBe(20);
    const tickets = (await mock.helpdesk.listTickets({ page: { rowCount: 100 } })).items;
    expect(tickets).toHaveLength(20);
    expect([...requestIds].sort()).toEqual(tickets.map((t) => t.id).sort());

    // Each caller hears their own ticket number; a repeat caller hears the same one again.
    expect(new Set(first.map((r) => r.ticketNumber)).size).toBe(20);
    for (const result of first) {
      expect(result.created).toBe(true);
      expect(result.spokenSummary).toContain("known outage");
      expect(result.spokenSummary).toContain(`ticket number ${result.ticketNumber}`);
    }
    expect(again.map((r) => [r.created, r.ticketNumber])).toEqual(
      [3, 7, 11].map((i) => [false, first[i]?.ticketNumber]),
    );
    expect(again[0]?.spokenSummary).toMatch(/known outage.*your ticket number/);
    const notes = await Promise.all(tickets.map((t) => mock.helpdesk.listNotes(t.id)));
    expect(notes.reduce((sum, page) => sum + page.items.length, 0)).toBe(3);
    await handoffs.drain();
  });

  it("opens a new problem once the outage's problem is closed", async () => {
    const { mock, client, handoffs } = await startOutageProblems(withoutPortal);
    await handoffs.submit(handoff(1, 1));
    const [problem] = mock.helpdesk.itsm.problems.list();
    await client.problems.close(problem?.id ?? "");
    await handoffs.submit(handoff(2, 1));
    expect(mock.helpdesk.itsm.problems.list().map((p) => p.status)).toEqual(["Open", "Closed"]);
    await handoffs.drain();
  });
});
