import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runRequestWorkContract } from "@ispn/core/testing";
import { describe, expect, it } from "vitest";
import { createMockHelpdesk } from "./mock-helpdesk.ts";

const known = {
  technicianEmail: "sam.chen@ispn.example",
  technicianName: "Sam Chen",
  group: "Network Operations",
};
const LIMIT = 64 * 1024;

runRequestWorkContract("mock in process", async () => {
  const mock = createMockHelpdesk({ attachmentRules: { maxBytes: LIMIT } });
  return { work: mock.work, helpdesk: mock, known, maxAttachmentBytes: LIMIT, teardown: () => mock.close() };
});

runRequestWorkContract("mock in process, persisted to SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mock-work-"));
  const mock = createMockHelpdesk({
    persistPath: join(dir, "mock.db"),
    attachmentRules: { maxBytes: LIMIT },
  });
  return {
    work: mock.work,
    helpdesk: mock,
    known,
    maxAttachmentBytes: LIMIT,
    teardown: async () => {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("request work over one SQLite file", () => {
  it("is shared by two mocks (two processes) and survives a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-work-"));
    const path = join(dir, "mock.db");
    const a = createMockHelpdesk({ persistPath: path });
    const b = createMockHelpdesk({ persistPath: path });
    try {
      const ticket = await a.createTicket({ subject: "shared", description: "x" });
      await a.work.addTask(ticket.id, { title: "from a" });
      await b.work.addWorklog(ticket.id, { minutes: 12 });
      const file = await b.work.uploadAttachment(ticket.id, {
        name: "b.bin",
        contentType: "application/octet-stream",
        bytes: Uint8Array.from([0, 1, 254, 255]),
      });
      expect((await b.work.listTasks(ticket.id)).items.map((t) => t.title)).toEqual(["from a"]);
      expect((await a.work.listWorklogs(ticket.id)).items.map((w) => w.minutes)).toEqual([12]);
      await a.close();
      const again = createMockHelpdesk({ persistPath: path });
      const { bytes } = await again.work.downloadAttachment(ticket.id, file.id);
      expect([...bytes]).toEqual([0, 1, 254, 255]);
      await again.close();
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
