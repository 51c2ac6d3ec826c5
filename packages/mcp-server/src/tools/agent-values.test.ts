import type { HandoffResult } from "@ispn/core";
import { runAgentValueCases } from "@ispn/core/testing";
import { createHarness } from "../testing/harness.ts";

runAgentValueCases("the MCP handoff_submit tool", async () => {
  const h = await createHarness();
  return {
    submit: (body) => h.ok<HandoffResult>("handoff_submit", body),
    description: async (ticketId) => (await h.mock.getTicket(ticketId))?.description ?? "",
    teardown: () => h.close(),
  };
});
