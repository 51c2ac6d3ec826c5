import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk, problemClosureMarker } from "./index.ts";

/** Closing an outage problem and telling (or closing) its linked requests, over real HTTP to the mock. */
let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A problem with three linked callers' requests, as `OUTAGE_TICKETS=problem` leaves them. */
async function outage(options: { failNoteOn?: () => string | undefined } = {}) {
  fixture = await startMockWithClient({
    client: {
      // One request's note fails once with a 500 while `failNoteOn` names it (writes are never retried).
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const failing = options.failNoteOn?.();
        if (failing && request.method === "POST" && request.url.includes(`/requests/${failing}/notes`)) {
          return new Response("Internal error", { status: 500 });
        }
        return fetch(request);
      },
    },
  });
  const { client, mock } = fixture;
  const helpdesk = createSdpHelpdesk({ client });
  const problem = await client.problems.create({ title: "Fibre cut on Elm St" });
  const callers = [];
  for (const name of ["a", "b", "c"]) {
    callers.push(await helpdesk.createTicket({ subject: `caller ${name}`, description: "no internet" }));
  }
  await client.problems.linkRequests(
    problem.id,
    callers.map((t) => t.id),
  );
  const notesOf = async (id: string) => (await helpdesk.listNotes(id)).items;
  return { client, mock, helpdesk, problem, callers, notesOf };
}

const ids = (refs: readonly { id: string }[]) => refs.map((r) => r.id).sort();

describe("closing a problem with its linked requests", () => {
  it("by default adds one public note to each open linked request, and a re-run adds none", async () => {
    const { client, helpdesk, problem, callers, notesOf } = await outage();
    const [a, b, c] = callers as [(typeof callers)[0], (typeof callers)[0], (typeof callers)[0]];
    await helpdesk.closeTicket(c.id, { closureCode: "Success" });
    const message = "The fibre on Elm St is repaired; your service is back.";
    const first = await client.problems.closeWithRequests(problem.id, { message, closureCode: "Success" });
    expect(first.problem.status?.name).toBe("Closed");
    expect([first.action, first.problemWasClosed]).toEqual(["notify", false]);
    expect(ids(first.done)).toEqual(ids([a, b]));
    expect(ids(first.alreadyDone)).toEqual([c.id]);
    expect(first.failed).toEqual([]);
    for (const ticket of [a, b]) {
      const notes = await notesOf(ticket.id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ public: true });
      expect(notes[0]?.body).toContain(message);
      expect(notes[0]?.body).toContain(problemClosureMarker(problem.id));
      expect((await helpdesk.getTicket(ticket.id))?.status).toBe("Open");
    }
    expect(await notesOf(c.id)).toEqual([]);

    const again = await client.problems.closeWithRequests(problem.id, { message });
    expect(again.problemWasClosed).toBe(true);
    expect(again.done).toEqual([]);
    expect(ids(again.alreadyDone)).toEqual(ids(callers));
    for (const ticket of [a, b]) expect(await notesOf(ticket.id)).toHaveLength(1);
  });

  it("reports the request that failed; a re-run notes only that one", async () => {
    let failing: string | undefined;
    const { client, problem, callers, notesOf } = await outage({ failNoteOn: () => failing });
    const b = callers[1]?.id as string;
    failing = b;
    const first = await client.problems.closeWithRequests(problem.id, { message: "Back online." });
    expect(first.failed).toEqual([expect.objectContaining({ id: b, error: expect.any(String) })]);
    expect(first.done).toHaveLength(2);
    expect(await notesOf(b)).toEqual([]);

    failing = undefined;
    const second = await client.problems.closeWithRequests(problem.id, { message: "Back online." });
    expect([ids(second.done), second.failed]).toEqual([[b], []]);
    for (const ticket of callers) expect(await notesOf(ticket.id)).toHaveLength(1);
  });

  it("closes each linked request with the message as resolution, at most maxRequests per call", async () => {
    const { client, helpdesk, problem, callers } = await outage();
    const message = "Fibre spliced at 14:10; service restored.";
    const first = await client.problems.closeWithRequests(problem.id, {
      message,
      linkedRequests: "close",
      requestClosureCode: "Success",
      maxRequests: 2,
    });
    expect([first.done.length, first.pending.length]).toEqual([2, 1]);
    const second = await client.problems.closeWithRequests(problem.id, {
      message,
      linkedRequests: "close",
      maxRequests: 2,
    });
    expect([second.done, second.pending]).toEqual([first.pending, []]);
    for (const ticket of callers) {
      const closed = await helpdesk.getTicket(ticket.id);
      expect(closed).toMatchObject({ status: "Closed" });
      expect(closed?.resolution).toBe(message);
      expect((await helpdesk.listNotes(ticket.id)).items).toEqual([]);
    }
  });

  it("with leave, closes only the problem", async () => {
    const { client, helpdesk, problem, callers, notesOf } = await outage();
    const result = await client.problems.closeWithRequests(problem.id, {
      message: "x",
      linkedRequests: "leave",
    });
    expect([result.problem.status?.name, result.done]).toEqual(["Closed", []]);
    for (const ticket of callers) {
      expect(await notesOf(ticket.id)).toEqual([]);
      expect((await helpdesk.getTicket(ticket.id))?.status).toBe("Open");
    }
  });
});
