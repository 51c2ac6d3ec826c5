import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMcpServer } from "../server.ts";
import { createHarness, type Harness, textOf } from "../testing/harness.ts";

type Problem = {
  id: string;
  title: string;
  status?: string;
  priority?: string;
  technician?: string;
  rootCause?: string;
};

describe("problem tools", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  const create = async (title = "Fibre cut on Elm St") =>
    (await h.ok<{ problem: Problem }>("problem_create", { title, priority: "High" })).problem;

  it("creates, updates, notes, lists and closes a problem", async () => {
    const problem = await create();
    expect(problem).toMatchObject({ title: "Fibre cut on Elm St", status: "Open", priority: "High" });
    const updated = await h.ok<{ problem: Problem }>("problem_update", {
      problemId: problem.id,
      rootCause: "Backhoe hit the duct",
      technician: "alex.rivera@ispn.example",
      knownError: true,
    });
    expect(updated.problem).toMatchObject({
      rootCause: "Backhoe hit the duct",
      technician: "Alex Rivera",
      knownError: true,
    });
    await h.ok("problem_add_note", { problemId: problem.id, note: "Crew dispatched" });
    const got = await h.ok<{ notes: { body: string; public: boolean }[] }>("problem_get", {
      problemId: problem.id,
    });
    expect(got.notes).toEqual([expect.objectContaining({ body: "Crew dispatched", public: false })]);
    await create("Another");
    const open = await h.ok<{ problems: Problem[] }>("problem_list", { text: "elm" });
    expect(open.problems.map((p) => p.id)).toEqual([problem.id]);
    const closed = await h.ok<{ problem: Problem & { closureCode?: string } }>("problem_close", {
      problemId: problem.id,
      closureCode: "Success",
      comments: "Spliced",
    });
    expect(closed.problem).toMatchObject({ status: "Closed", closureCode: "Success" });
    expect((await h.ok<{ problems: Problem[] }>("problem_list", { status: "Closed" })).problems).toHaveLength(
      1,
    );
  });

  it("links tickets by id or by number and unlinks them", async () => {
    const problem = await create();
    const a = await h.mock.createTicket({ subject: "caller a", description: "down" });
    const b = await h.mock.createTicket({ subject: "caller b", description: "down" });
    const linked = await h.ok<{ linkedTicketIds: string[] }>("problem_link_requests", {
      problemId: problem.id,
      ticketIds: [a.id, `#${b.displayId}`],
    });
    expect(linked.linkedTicketIds).toEqual([a.id, b.id]);
    expect(h.mock.itsm.problems.get(problem.id)?.requestIds).toEqual([a.id, b.id]);
    await h.ok("problem_unlink_requests", { problemId: problem.id, ticketIds: [a.id] });
    expect(h.mock.itsm.problems.get(problem.id)?.requestIds).toEqual([b.id]);
  });

  type Closure = {
    problem: Problem;
    linkedRequests: { done: { id: string }[]; alreadyDone: { id: string }[]; pending: { id: string }[] };
    complete: boolean;
    next?: string;
  };
  const outage = async () => {
    const problem = await create();
    const a = await h.mock.createTicket({ subject: "caller a", description: "down" });
    const b = await h.mock.createTicket({ subject: "caller b", description: "down" });
    await h.ok("problem_link_requests", { problemId: problem.id, ticketIds: [a.id, b.id] });
    return { problem, tickets: [a, b] };
  };

  it("closing a problem notes each linked ticket publicly by default, once however often it is called", async () => {
    const { problem, tickets } = await outage();
    const first = await h.ok<Closure>("problem_close", { problemId: problem.id, closureCode: "Success" });
    expect(first).toMatchObject({ problem: { status: "Closed" }, complete: true });
    expect(first.linkedRequests.done.map((r) => r.id)).toEqual(tickets.map((t) => t.id));
    const again = await h.ok<Closure>("problem_close", { problemId: problem.id });
    expect([again.linkedRequests.done, again.linkedRequests.alreadyDone.length]).toEqual([[], 2]);
    for (const ticket of tickets) {
      const notes = (await h.mock.listNotes(ticket.id)).items;
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ public: true });
      expect(notes[0]?.body).toContain(
        "The problem affecting this request is resolved: Fibre cut on Elm St.",
      );
      expect((await h.mock.getTicket(ticket.id))?.status).toBe("Open");
    }
  });

  it('with linkedRequests "close", closes the linked tickets with the message, maxRequests per call', async () => {
    const { problem, tickets } = await outage();
    const args = {
      problemId: problem.id,
      linkedRequests: "close",
      message: "Fibre spliced; service restored.",
      maxRequests: 1,
    };
    const first = await h.ok<Closure>("problem_close", args);
    expect([first.complete, first.linkedRequests.done.length, first.linkedRequests.pending.length]).toEqual([
      false,
      1,
      1,
    ]);
    expect(first.next).toMatch(/call problem_close again with the same arguments/);
    const second = await h.ok<Closure>("problem_close", args);
    expect(second.complete).toBe(true);
    for (const ticket of tickets) {
      expect(await h.mock.getTicket(ticket.id)).toMatchObject({
        status: "Closed",
        resolution: "Fibre spliced; service restored.",
      });
      expect((await h.mock.listNotes(ticket.id)).items).toEqual([]);
    }
  });

  it("reports the tickets it could not close, and a re-run with a valid closure code closes them", async () => {
    const { problem, tickets } = await outage();
    const args = { problemId: problem.id, linkedRequests: "close", message: "Restored." };
    const bad = await h.ok<Closure & { linkedRequests: { failed: { id: string; error: string }[] } }>(
      "problem_close",
      { ...args, requestClosureCode: "Nope" },
    );
    expect(bad.problem.status).toBe("Closed");
    expect(bad.complete).toBe(false);
    expect(bad.linkedRequests.failed.map((r) => r.id)).toEqual(tickets.map((t) => t.id));
    expect(bad.linkedRequests.failed[0]?.error).toMatch(/closure/i);
    const good = await h.ok<Closure>("problem_close", { ...args, requestClosureCode: "Success" });
    expect([good.complete, good.linkedRequests.done.length]).toEqual([true, 2]);
    for (const ticket of tickets) expect((await h.mock.getTicket(ticket.id))?.status).toBe("Closed");
  });

  it("explains what to fix: unknown problem, unknown ticket, nothing to update, a bad priority", async () => {
    expect(await h.fail("problem_get", { problemId: "123" })).toMatch(
      /problemId: no such record; use problem_list/,
    );
    const problem = await create();
    expect(await h.fail("problem_link_requests", { problemId: problem.id, ticketIds: ["#4242"] })).toMatch(
      /ticketIds\[0\]: no ticket "#4242"; use ticket_search/,
    );
    expect(await h.fail("problem_link_requests", { problemId: "999", ticketIds: ["#4242"] })).toMatch(
      /ticketIds\[0\]/,
    );
    expect(await h.fail("problem_update", { problemId: problem.id })).toMatch(/at least one field/);
    const bad = await h.fail("problem_create", { title: "x", priority: "Critical" });
    expect(bad).toMatch(/priority: valid values: .*High/);
    expect(await h.fail("problem_create", {})).toMatch(/title/);
  });

  it("gives retry advice when the helpdesk is down, and nothing is created twice", async () => {
    h.mock.faults.set({ outage: true });
    expect(await h.fail("problem_create", { title: "x" })).toMatch(
      /temporary\)\. Retry problem_create in \d+ seconds/,
    );
    h.mock.faults.set({ outage: false });
    expect(h.mock.itsm.problems.list()).toEqual([]);
  });

  it("says the modules need SDP or the mock when the helpdesk offers tickets only", async () => {
    const server = createMcpServer({ runtime: h.runtime, logger: console, version: "0" });
    const client = new Client({ name: "t", version: "1" });
    const [c, s] = InMemoryTransport.createLinkedPair();
    await Promise.all([client.connect(c), server.connect(s)]);
    const result = (await client.callTool({ name: "problem_list", arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HELPDESK=sdp/);
    await client.close();
  });
});
