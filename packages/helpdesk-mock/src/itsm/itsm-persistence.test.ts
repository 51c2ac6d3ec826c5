import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMockHelpdesk, type MockHelpdesk } from "../mock-helpdesk.ts";
import { createMockOutageProblems } from "../mock-outage-problems.ts";

const dirs: string[] = [];
const opened: MockHelpdesk[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-mock-itsm-"));
  dirs.push(dir);
  return join(dir, "mock.sqlite");
}
const open = (persistPath: string) => {
  const mock = createMockHelpdesk({ persistPath });
  opened.push(mock);
  return mock;
};
afterEach(async () => {
  for (const mock of opened.splice(0)) await mock.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The default embedded setup: http-ingest and mcp-stdio each open the mock over one file.
describe("problems, changes and the library over one SQLite file", () => {
  it("two instances see the same problem, its notes and its linked requests at once", async () => {
    const path = tempDb();
    const webhook = open(path);
    const mcp = open(path);
    const ticket = await webhook.createTicket({ subject: "caller", description: "down" });
    const problem = mcp.itsm.problems.create({ title: "Fibre cut on Elm St" });
    mcp.itsm.problems.linkRequests(problem.id, [ticket.id]);
    mcp.itsm.problems.notes.add(problem.id, { description: "Crew dispatched" });

    expect(webhook.itsm.problems.get(problem.id)).toMatchObject({
      title: "Fibre cut on Elm St",
      requestIds: [ticket.id],
    });
    expect(webhook.itsm.problems.problemOfRequest(ticket.id)?.id).toBe(problem.id);
    expect(webhook.itsm.problems.notes.list(problem.id).map((n) => n.description)).toEqual([
      "Crew dispatched",
    ]);
    // Each instance numbers from the shared file: no two problems share an id.
    const second = webhook.itsm.problems.create({ title: "Another" });
    expect(second.id).not.toBe(problem.id);
    expect(mcp.itsm.problems.list().map((p) => p.title)).toEqual(["Another", "Fibre cut on Elm St"]);
    webhook.itsm.problems.close(problem.id);
    expect(mcp.itsm.problems.get(problem.id)?.status).toBe("Closed");
  });

  it("with outage problems, the second process finds the problem the first opened for the outage", async () => {
    const path = tempDb();
    const first = createMockOutageProblems(open(path));
    const second = createMockOutageProblems(open(path));
    const created = await first.createProblem({ title: "Outage: Elm St", description: "x\nRef: oa-elm" });
    expect(await second.findProblemByMarker("oa-elm")).toEqual(created);
  });

  it("seeds the library once per file and keeps everything across close and reopen", async () => {
    const path = tempDb();
    const first = open(path);
    const change = first.itsm.changes.create({
      title: "Cabinet maintenance",
      scheduledStart: 1,
      scheduledEnd: 2,
    });
    const second = open(path);
    expect(second.itsm.solutions.list()).toHaveLength(3);
    expect(second.itsm.assets.list()).toHaveLength(4);
    expect(second.itsm.projects.list()).toHaveLength(2);
    await first.close();
    await second.close();
    const reopened = open(path);
    expect(reopened.itsm.changes.get(change.id)?.title).toBe("Cabinet maintenance");
    expect(reopened.itsm.solutions.list()).toHaveLength(3);
  });
});
