import { describe, expect, it } from "vitest";
import { FakeHelpdesk } from "../../test/fixtures/fake-helpdesk.ts";
import { testHandoff } from "../../test/fixtures/handoffs.ts";
import { HelpdeskError } from "../errors.ts";
import type { OutageProblem, OutageProblems } from "../ports/outage-problems.ts";
import { createMemoryStores } from "../stores/memory-stores.ts";
import { createHandoffService } from "./handoff-service.ts";
import { problemKey } from "./outage-problem.ts";

/** Problems in memory, with links, and a switch to fail the next link. */
class FakeProblems implements OutageProblems {
  readonly problems: (OutageProblem & { description: string; requests: string[] })[] = [];
  failNextLink = false;
  calls = 0;
  async createProblem(input: { title: string; description: string }) {
    this.calls++;
    const n = this.problems.length + 1;
    const p = {
      id: `p${n}`,
      displayId: `PB${n}`,
      url: `u${n}`,
      open: true,
      description: input.description,
      requests: [],
    };
    this.problems.push(p);
    return this.view(p);
  }
  async getProblem(id: string) {
    this.calls++;
    const p = this.problems.find((x) => x.id === id);
    return p && this.view(p);
  }
  async findProblemByMarker(marker: string) {
    this.calls++;
    const p = this.problems.find((x) => x.description.includes(`Ref: ${marker}`));
    return p && this.view(p);
  }
  async linkRequest(problemId: string, ticketId: string) {
    this.calls++;
    if (this.failNextLink) {
      this.failNextLink = false;
      throw new HelpdeskError("unavailable", "down");
    }
    const p = this.problems.find((x) => x.id === problemId);
    if (p && !p.requests.includes(ticketId)) p.requests.push(ticketId);
  }
  private view(p: OutageProblem): OutageProblem {
    return { id: p.id, displayId: p.displayId, url: p.url, open: p.open };
  }
}

const outage = (overrides: Record<string, unknown> = {}) => testHandoff({ oaKey: "Elm St", ...overrides });

function setup() {
  const stores = createMemoryStores();
  const helpdesk = new FakeHelpdesk();
  const problems = new FakeProblems();
  let clock = 1_900_000_000_000;
  const svc = createHandoffService({
    helpdesk,
    dedup: stores.dedup,
    seen: stores.replay,
    outageProblems: problems,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  return { stores, helpdesk, problems, svc, now: () => clock };
}

describe("outage tickets as problems", () => {
  it("a taker-over finds the problem a crashed creator made, by its marker, instead of opening a second", async () => {
    const { stores, problems, svc, now } = setup();
    await stores.dedup.claim({
      keys: [problemKey("elm-st")],
      claimId: "dead",
      marker: "h-dead",
      leaseMs: 3_000,
      now: now(),
    });
    await problems.createProblem({ title: "Outage: elm-st", description: "x\nRef: h-dead" });
    const result = await svc.submit(outage());
    expect(problems.problems).toHaveLength(1);
    expect(problems.problems[0]?.requests).toEqual([result.ticketId]);
  });

  it("a failed link fails the attempt; its retry links without a second request or note", async () => {
    const { helpdesk, problems, svc } = setup();
    problems.failNextLink = true;
    await expect(svc.submit(outage(), { handoffId: "call-1" })).rejects.toMatchObject({
      code: "unavailable",
    });
    const retried = await svc.submit(outage(), { handoffId: "call-1" });
    expect(retried.created).toBe(true);
    expect(helpdesk.ticketCount()).toBe(1);
    expect(helpdesk.noteCount()).toBe(0);
    expect(problems.problems[0]?.requests).toEqual([retried.ticketId]);
  });

  it("opens a new problem when the outage's problem was closed", async () => {
    const { problems, svc } = setup();
    await svc.submit(outage());
    const first = problems.problems[0];
    if (first) first.open = false;
    await svc.submit(outage({ callerNumber: "+14155550124" }));
    expect(problems.problems.map((p) => p.open)).toEqual([false, true]);
  });

  it("leaves handoffs without an outage key to the usual dedup, without touching problems", async () => {
    const { problems, svc } = setup();
    const a = await svc.submit(testHandoff());
    const b = await svc.submit(testHandoff());
    expect(b.ticketId).toBe(a.ticketId);
    expect(problems.calls).toBe(0);
  });
});
