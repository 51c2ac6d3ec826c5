import { describe, expect, it } from "vitest";
import { createMockHelpdesk } from "./mock-helpdesk.ts";

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
