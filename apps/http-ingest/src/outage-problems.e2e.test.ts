import { readCommonConfig } from "@ispn/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, postHandoff } from "../test/harness.ts";

/** OUTAGE_TICKETS=problem through the webhook: the answers a voice agent reads out. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const body = (i: number, call: number) => ({
  note: `Category: Outage\nReason: OutageConfirmed\nSummary: No internet on Elm St\nConfidence: 0.9`,
  callerNumber: `(415) 555-${String(200 + i).padStart(4, "0")}`,
  oaKey: "Elm St fibre",
  conversationId: `conv_elm_${i}_${call}`,
});

describe("outage tickets as problems over the webhook", () => {
  it("20 callers, 3 of them twice: 1 problem, 20 linked requests, 3 notes, each caller told their own number", async () => {
    h = await createHarness({
      common: readCommonConfig({ STORE_URL: "memory:", MOCK_PERSIST: "memory", OUTAGE_TICKETS: "problem" }),
    });
    const post = async (i: number, call: number) => {
      const res = await postHandoff(h!, body(i, call));
      expect(res.status).toBe(200);
      return (await res.json()) as { created: boolean; ticketNumber: string; spokenSummary: string };
    };
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i, 1)));
    const again = await Promise.all([2, 9, 17].map((i) => post(i, 2)));

    const problems = h.helpdesk.itsm.problems.list();
    expect(problems).toHaveLength(1);
    expect(new Set(problems[0]?.requestIds).size).toBe(20);
    expect(new Set(first.map((a) => a.ticketNumber)).size).toBe(20);
    for (const answer of first) {
      expect(answer.spokenSummary).toMatch(/known outage.*ticket number \d+ for you/);
      expect(answer.spokenSummary).toContain(answer.ticketNumber);
    }
    expect(again.map((a) => [a.created, a.ticketNumber])).toEqual(
      [2, 9, 17].map((i) => [false, first[i]?.ticketNumber]),
    );
    const tickets = (await h.helpdesk.listTickets({ page: { rowCount: 100 } })).items;
    const notes = await Promise.all(tickets.map((t) => h!.helpdesk.listNotes(t.id)));
    expect(tickets).toHaveLength(20);
    expect(notes.reduce((sum, page) => sum + page.items.length, 0)).toBe(3);
  });
});
