import { describe, expect, it } from "vitest";
import { FakeHelpdesk } from "../../test/fixtures/fake-helpdesk.ts";
import { type Handoff, prepareHandoff } from "../schemas/prepare-handoff.ts";
import { createMemoryStores } from "../stores/memory-stores.ts";
import { dedupKeys } from "./dedup-keys.ts";
import { createHandoffService } from "./handoff-service.ts";

function handoff(body: Record<string, unknown>): Handoff {
  const result = prepareHandoff({
    note: "Category: Outage\nReason: OutageConfirmed\nSummary: No internet since this morning\nConfidence: 0.9",
    callerNumber: "+14155550123",
    ...body,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("dedupKeys", () => {
  it("uses only the canonical outage key when there is one", () => {
    expect(dedupKeys({ oaKey: "OUT-ELM", callerNumber: "+14155550123", category: "Outage" })).toEqual([
      "oa:out-elm",
    ]);
    expect(dedupKeys({ oaKey: "North Zone 3", category: "Outage" })).toEqual(["oa:north-zone-3"]);
  });

  it("falls back to the caller key without an outage key (or with a placeholder)", () => {
    expect(dedupKeys({ callerNumber: "+14155550123", category: "WiFi" })).toEqual([
      "caller:+14155550123:WiFi",
    ]);
    expect(dedupKeys({ oaKey: "none", callerNumber: "+14155550123", category: "WiFi" })).toEqual([
      "caller:+14155550123:WiFi",
    ]);
    expect(dedupKeys({ category: "WiFi" })).toEqual([]);
  });
});

describe("dedup by outage key through the handoff service", () => {
  const setup = () => {
    const helpdesk = new FakeHelpdesk();
    const service = createHandoffService({ helpdesk, dedup: createMemoryStores().dedup });
    return { helpdesk, service };
  };

  it("gives a repeat caller's new outage its own ticket, not the earlier outage's", async () => {
    const { helpdesk, service } = setup();
    const elm = await service.submit(handoff({ oaKey: "OUT-ELM" }));
    const downtown = await service.submit(handoff({ oaKey: "OUT-DOWNTOWN" }));
    expect(downtown.created).toBe(true);
    expect(downtown.ticketId).not.toBe(elm.ticketId);
    expect(downtown.spokenSummary).not.toContain("known outage");
    expect(helpdesk.noteCount(elm.ticketId)).toBe(0);
    const neighbour = await service.submit(handoff({ oaKey: "out downtown", callerNumber: "+14155550777" }));
    expect(neighbour).toMatchObject({ created: false, ticketId: downtown.ticketId });
  });

  it("puts a repeat caller of a new outage on the new outage's existing ticket", async () => {
    const { helpdesk, service } = setup();
    const elm = await service.submit(handoff({ oaKey: "OUT-ELM" }));
    const downtown = await service.submit(handoff({ oaKey: "OUT-DOWNTOWN", callerNumber: "+14155550777" }));
    const repeat = await service.submit(handoff({ oaKey: "out downtown" }));
    expect(repeat).toMatchObject({ created: false, ticketId: downtown.ticketId });
    expect(helpdesk.noteCount(elm.ticketId)).toBe(0);
    expect(helpdesk.noteCount(downtown.ticketId)).toBe(1);
  });

  it("joins spellings of one outage key to one ticket", async () => {
    const { helpdesk, service } = setup();
    const results = [];
    for (const [i, oaKey] of ["North Zone 3", "north zone 3", "North-Zone-3", "NORTH_ZONE_3"].entries()) {
      results.push(await service.submit(handoff({ oaKey, callerNumber: `+1415555010${i}` })));
    }
    expect(new Set(results.map((r) => r.ticketId)).size).toBe(1);
    expect(results.slice(1).every((r) => r.spokenSummary.includes("known outage"))).toBe(true);
    expect(helpdesk.ticketCount()).toBe(1);
  });

  it("gives callers with oaKey 'none' their own tickets (any category), none told of a known outage", async () => {
    const { helpdesk, service } = setup();
    const billing = (callerNumber: string, category: string) =>
      handoff({
        note: "Caller disputes a charge on the last bill",
        category,
        escalationReason: "CallerRequested",
        oaKey: "none",
        callerNumber,
      });
    const a = await service.submit(billing("+14155550101", "Billing"));
    const b = await service.submit(billing("+14155550102", "Account"));
    const c = await service.submit(billing("+14155550103", "Billing"));
    expect(new Set([a.ticketId, b.ticketId, c.ticketId]).size).toBe(3);
    for (const r of [a, b, c]) {
      expect(r.created).toBe(true);
      expect(r.echo.oaKey).toBeNull();
      expect(r.spokenSummary).not.toContain("known outage");
    }
    expect((await helpdesk.getTicket(a.ticketId))?.description).toContain(
      'Outage key as sent: "none" (read as no outage key)',
    );
  });
});
