import { runHelpdeskContract } from "@ispn/core/testing";
import { startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk } from "./index.ts";

// A lost create answer: the mock creates the ticket, then holds its answer past the client's timeout.
const LOST_ANSWER = { server: { responseDelayMsForAmbiguous: 10_000 }, client: { timeoutMs: 1_500 } };

runHelpdeskContract("sdp adapter over HTTP", async () => {
  const { mock, client, close } = await startMockWithClient(LOST_ANSWER);
  return {
    helpdesk: createSdpHelpdesk({ client }),
    teardown: close,
    loseNextCreateAnswer: () => mock.helpdesk.faults.set({ ambiguousCreates: 1 }),
  };
});

runHelpdeskContract("sdp adapter over HTTP, portal-less /api/v3 paths", async () => {
  const { mock, client, close } = await startMockWithClient({ ...LOST_ANSWER, withoutPortal: true });
  return {
    helpdesk: createSdpHelpdesk({ client }),
    teardown: close,
    loseNextCreateAnswer: () => mock.helpdesk.faults.set({ ambiguousCreates: 1 }),
  };
});
