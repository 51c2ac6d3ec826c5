import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { sdpFixture } from "../test/fixtures/sdp-fixture.ts";
import { createMockHelpdesk } from "./mock-helpdesk.ts";
import { createMemoryState } from "./state/memory-state.ts";
import { createMemoryWorkState } from "./state/work-state.ts";

const file = { name: "router.txt", contentType: "text/plain", bytes: new TextEncoder().encode("red light") };

/** Rows of the data file's work table (tasks, worklogs, attachments) that hang off `ticketId`. */
function workRowsOf(path: string, ticketId: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const row = db.prepare("SELECT count(*) AS n FROM mock_work WHERE ticket_id = ?").get(ticketId);
    return Number((row as { n: number }).n);
  } finally {
    db.close();
  }
}

describe("a ticket deleted for good takes its tasks, worklogs and attachments with it", () => {
  it("leaves none of them in the demo's data file (DELETE ?delete_type=permanent)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-purge-"));
    const path = join(dir, "mock.sqlite");
    const f = await sdpFixture({ helpdeskOptions: { persistPath: path } });
    const ticket = await f.helpdesk.createTicket({ subject: "caller's router", description: "x" });
    const other = await f.helpdesk.createTicket({ subject: "someone else", description: "x" });
    for (const id of [ticket.id, other.id]) {
      await f.helpdesk.work.uploadAttachment(id, file);
      await f.helpdesk.work.addTask(id, { title: "ring back" });
    }
    expect(workRowsOf(path, ticket.id)).toBe(2);
    expect((await f.json("DELETE", `/requests/${ticket.id}?delete_type=permanent`)).status).toBe(200);
    expect(workRowsOf(path, ticket.id)).toBe(0);
    expect((await f.helpdesk.work.listAttachments(other.id)).map((a) => a.name)).toEqual(["router.txt"]);
    await f.helpdesk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the bounded in-memory mock lets a dropped or purged ticket's records go", () => {
    const work = createMemoryWorkState();
    const state = createMemoryState({ maxTickets: 1, onTicketGone: (id) => work.dropTicket(id) });
    const record = (seq: number) => ({ seq, id: `t${seq}`, subject: `t${seq}` }) as never;
    const first = state.insertTicket(record);
    work.insert("task", (seq) => ({ seq, id: `task${seq}`, ticketId: first.id }) as never);
    state.insertTicket(record); // past maxTickets: the first ticket is dropped
    expect(work.list("task", first.id)).toEqual([]);
    const second = state.listTickets()[0]!;
    work.insert("task", (seq) => ({ seq, id: `task${seq}`, ticketId: second.id }) as never);
    expect(state.purgeTicket(second.id)).toBe(true);
    expect(work.list("task", second.id)).toEqual([]);
  });

  it("a bounded mock drops only the oldest ticket's records: a living ticket keeps its attachments", async () => {
    const helpdesk = createMockHelpdesk({ maxTickets: 2 });
    await helpdesk.createTicket({ subject: "oldest", description: "x" });
    const kept = await helpdesk.createTicket({ subject: "kept", description: "x" });
    await helpdesk.work.uploadAttachment(kept.id, file);
    await helpdesk.createTicket({ subject: "newest", description: "x" }); // drops "oldest"
    expect((await helpdesk.work.listAttachments(kept.id)).map((a) => a.name)).toEqual(["router.txt"]);
    await helpdesk.close();
  });
});
