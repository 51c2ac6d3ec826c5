import { runRequestWorkContract } from "@ispn/core/testing";
import { createMockHelpdesk } from "./mock-helpdesk.ts";

const known = {
  technicianEmail: "sam.chen@ispn.example",
  technicianName: "Sam Chen",
  group: "Network Operations",
};

runRequestWorkContract("mock in process", async () => {
  const mock = createMockHelpdesk({ attachmentRules: { maxBytes: 64 * 1024 } });
  return {
    work: mock.work,
    helpdesk: mock,
    known,
    maxAttachmentBytes: 64 * 1024,
    teardown: () => mock.close(),
  };
});
