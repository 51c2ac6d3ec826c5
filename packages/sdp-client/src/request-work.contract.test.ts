import { DEFAULT_ATTACHMENT_RULES } from "@ispn/core";
import { runRequestWorkContract } from "@ispn/core/testing";
import { startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk, createSdpRequestWork } from "./index.ts";

const known = {
  technicianEmail: "sam.chen@ispn.example",
  technicianName: "Sam Chen",
  group: "Network Operations",
};
const LIMIT = 64 * 1024;

for (const withoutPortal of [false, true]) {
  runRequestWorkContract(`sdp over HTTP${withoutPortal ? ", portal-less /api/v3 paths" : ""}`, async () => {
    const { client, close } = await startMockWithClient({ withoutPortal });
    return {
      work: createSdpRequestWork({
        client,
        attachmentRules: { ...DEFAULT_ATTACHMENT_RULES, maxBytes: LIMIT },
      }),
      helpdesk: createSdpHelpdesk({ client }),
      known,
      maxAttachmentBytes: LIMIT,
      teardown: close,
    };
  });
}
