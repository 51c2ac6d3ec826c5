import type { HandoffResult } from "@ispn/core";
import { runAgentValueCases } from "@ispn/core/testing";
import { createHarness, postHandoff } from "../test/harness.ts";

runAgentValueCases("POST /ingest/oa-handoff", async () => {
  const h = await createHarness();
  return {
    async submit(body) {
      const res = await postHandoff(h, body);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()) as HandoffResult;
    },
    description: async (ticketId) => (await h.helpdesk.getTicket(ticketId))?.description ?? "",
    teardown: () => h.close(),
  };
});
