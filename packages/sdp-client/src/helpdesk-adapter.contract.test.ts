import { runHelpdeskContract } from "@ispn/core/testing";
import { startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk } from "./index.ts";

runHelpdeskContract("sdp adapter over HTTP", async () => {
  const { client, close } = await startMockWithClient();
  return { helpdesk: createSdpHelpdesk({ client }), teardown: close };
});

runHelpdeskContract("sdp adapter over HTTP, portal-less /api/v3 paths", async () => {
  const { client, close } = await startMockWithClient({ withoutPortal: true });
  return { helpdesk: createSdpHelpdesk({ client }), teardown: close };
});
