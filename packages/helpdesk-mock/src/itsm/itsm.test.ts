import { describe, expect, it } from "vitest";
import { createMockHelpdesk } from "../mock-helpdesk.ts";
import { createMockOutageProblems } from "../mock-outage-problems.ts";

/** The modules in process follow the rules the SDP-compatible server answers with. */
describe("helpdesk.itsm in process", () => {
  it("refuses what the server refuses, as HelpdeskErrors with the fields named", async () => {
    const { itsm } = createMockHelpdesk();
    expect(() => itsm.problems.create({ title: " " })).toThrow(
      expect.objectContaining({ code: "invalid", fields: ["title"] }),
    );
    expect(() => itsm.problems.notes.add("1", { description: "x" })).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    const problem = itsm.problems.create({ title: "Outage", priority: { name: "High" } });
    expect(() => itsm.problems.linkRequests(problem.id, ["42"])).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    expect(() => itsm.problems.update(problem.id, { priority: { name: "Nope" } })).toThrow(
      expect.objectContaining({ fields: ["priority"] }),
    );
    expect(() => itsm.changes.create({ title: "w", scheduledStart: 2, scheduledEnd: 1 })).toThrow(
      expect.objectContaining({ fields: ["scheduled_end_time"] }),
    );
  });

  it("moves a request to the problem it is linked to last", async () => {
    const helpdesk = createMockHelpdesk();
    const ticket = await helpdesk.createTicket({ subject: "s", description: "d" });
    const [a, b] = [
      helpdesk.itsm.problems.create({ title: "a" }),
      helpdesk.itsm.problems.create({ title: "b" }),
    ];
    helpdesk.itsm.problems.linkRequests(a.id, [ticket.id]);
    helpdesk.itsm.problems.linkRequests(b.id, [ticket.id]);
    expect(helpdesk.itsm.problems.problemOfRequest(ticket.id)?.id).toBe(b.id);
    expect(helpdesk.itsm.problems.get(a.id)?.requestIds).toEqual([]);
  });

  it("serves outage problems through the port, with the mock's faults", async () => {
    const helpdesk = createMockHelpdesk();
    const problems = createMockOutageProblems(helpdesk);
    const created = await problems.createProblem({ title: "Outage: elm", description: "x\nRef: m1" });
    expect(await problems.findProblemByMarker("m1")).toEqual(created);
    expect(created).toMatchObject({
      open: true,
      url: expect.stringContaining(`/ui/problems/${created.id}/details`),
    });
    helpdesk.itsm.problems.close(created.id);
    expect((await problems.getProblem(created.id))?.open).toBe(false);
    helpdesk.faults.set({ outage: true });
    await expect(problems.getProblem(created.id)).rejects.toMatchObject({ code: "unavailable" });
  });
});
