import { seededRandom } from "@ispn/core/testing";
import { describe, expect, it } from "vitest";
import { createMockHelpdesk } from "./mock-helpdesk.ts";
import type { TicketRecord } from "./records.ts";
import { createMemoryState } from "./state/memory-state.ts";

describe("the in-memory mock under load", () => {
  it("keeps at most maxTickets tickets: the oldest, with its notes, is dropped first", async () => {
    const helpdesk = createMockHelpdesk({ maxTickets: 3 });
    const made = [];
    for (let i = 1; i <= 5; i++)
      made.push(await helpdesk.createTicket({ subject: `t${i}`, description: "x" }));
    await helpdesk.addNote(made[4]!.id, { body: "kept" });
    expect(await helpdesk.getTicket(made[0]!.id)).toBeUndefined();
    expect(await helpdesk.getTicket(made[1]!.id)).toBeUndefined();
    expect((await helpdesk.listTickets()).items.map((t) => t.subject)).toEqual(["t5", "t4", "t3"]);
    expect((await helpdesk.listNotes(made[4]!.id)).items.map((n) => n.body)).toEqual(["kept"]);
    expect((await helpdesk.findTicketByNumber(made[2]!.displayId))?.subject).toBe("t3");
    await helpdesk.close();
  });

  it("keeps at most maxNotesPerTicket notes on a ticket: its oldest note is dropped first, other tickets keep theirs", async () => {
    const helpdesk = createMockHelpdesk({ maxNotesPerTicket: 3 });
    const busy = await helpdesk.createTicket({ subject: "outage", description: "x" });
    const quiet = await helpdesk.createTicket({ subject: "one caller", description: "x" });
    await helpdesk.addNote(quiet.id, { body: "only note" });
    for (let i = 1; i <= 5; i++) await helpdesk.addNote(busy.id, { body: `digest ${i}` });
    expect((await helpdesk.listNotes(busy.id)).items.map((n) => n.body)).toEqual([
      "digest 3",
      "digest 4",
      "digest 5",
    ]);
    expect((await helpdesk.listNotes(quiet.id)).items.map((n) => n.body)).toEqual(["only note"]);
    await helpdesk.close();
  });

  it("keeps 200 notes per ticket by default", async () => {
    const helpdesk = createMockHelpdesk();
    const ticket = await helpdesk.createTicket({ subject: "outage", description: "x" });
    for (let i = 1; i <= 201; i++) await helpdesk.addNote(ticket.id, { body: `note ${i}` });
    const bodies = [];
    for (let startIndex = 1; ; ) {
      const page = await helpdesk.listNotes(ticket.id, { startIndex, rowCount: 100 });
      bodies.push(...page.items.map((n) => n.body));
      if (!page.hasMore || page.items.length === 0) break;
      startIndex += page.items.length;
    }
    expect(bodies).toHaveLength(200);
    expect(bodies[0]).toBe("note 2");
    expect(bodies.at(-1)).toBe("note 201");
    await helpdesk.close();
  });

  it("over thousands of tickets with purges between, keeps exactly the newest maxTickets still there", () => {
    const max = 50;
    const gone: string[] = [];
    const state = createMemoryState({ maxTickets: max, onTicketGone: (id) => gone.push(id) });
    let model: string[] = []; // ids it should hold, oldest first
    const random = seededRandom(11);
    const drift: string[] = [];
    for (let step = 0; step < 5000 && drift.length === 0; step++) {
      if (model.length > 0 && random(4) === 0) {
        const id = model[random(model.length)] as string;
        state.purgeTicket(id);
        model = model.filter((k) => k !== id);
      } else {
        const record = state.insertTicket((seq) => ({ seq, id: `t${seq}` }) as TicketRecord);
        model = [...model, record.id].slice(-max);
      }
      const held = state
        .listTickets()
        .map((t) => t.id)
        .reverse();
      if (held.join() !== model.join())
        drift.push(`step ${step}: held ${held.join()}, expected ${model.join()}`);
    }
    expect(drift).toEqual([]);
    expect(new Set(gone).size).toBe(gone.length); // each ticket reported gone once
  });

  it("hands out tickets that changing does not change the helpdesk's", async () => {
    const helpdesk = createMockHelpdesk();
    const created = await helpdesk.createTicket({ subject: "original", description: "x" });
    const read = await helpdesk.getTicket(created.id);
    try {
      (read as { subject: string }).subject = "changed by a caller";
    } catch {
      // frozen: fine too
    }
    expect((await helpdesk.getTicket(created.id))?.subject).toBe("original");
    await helpdesk.close();
  });
});
