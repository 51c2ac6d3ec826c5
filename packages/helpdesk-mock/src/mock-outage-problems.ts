import type { CallOptions, OutageProblem, OutageProblems } from "@ispn/core";
import { faultError, passFaults } from "./fault-gate.ts";
import type { ProblemRecord } from "./itsm/problem-desk.ts";
import { type MockHelpdesk, mockInternals } from "./mock-helpdesk.ts";

const ENDED = new Set(["Closed", "Resolved"]);

/**
 * Outage tickets as problems over a mock helpdesk, in process: its `itsm.problems`, with the
 * mock's faults (latency, outage, rate limit, error rate) before every call, as the port's.
 */
export function createMockOutageProblems(helpdesk: MockHelpdesk): OutageProblems {
  const inside = mockInternals(helpdesk);
  const problems = helpdesk.itsm.problems;
  const gate = async (call?: CallOptions) => {
    const outcome = await passFaults(helpdesk.faults, inside.random, call?.signal);
    if (outcome) throw faultError(outcome);
  };
  const view = (p: ProblemRecord): OutageProblem => ({
    id: p.id,
    displayId: p.displayId,
    url: `${inside.link.baseUrl}/app/${inside.link.portal}/ui/problems/${p.id}/details`,
    open: !ENDED.has(p.status),
  });
  return {
    async createProblem(input, call) {
      await gate(call);
      return view(problems.create({ title: input.title, description: input.description }));
    },
    async getProblem(id, call) {
      await gate(call);
      const p = problems.get(id);
      return p && view(p);
    },
    async findProblemByMarker(marker, call) {
      await gate(call);
      const p = problems.list().find((r) => r.description.includes(`Ref: ${marker}`));
      return p && view(p);
    },
    async linkRequest(problemId, ticketId, call) {
      await gate(call);
      problems.linkRequests(problemId, [ticketId]);
    },
  };
}
