import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HelpdeskError, isHelpdeskError } from "../errors.ts";
import type { Helpdesk } from "../ports/helpdesk.ts";
import type { RequestWork } from "../ports/request-work.ts";

/** What a `RequestWork` contract run needs, fresh per test. */
export interface RequestWorkFixture {
  work: RequestWork;
  /** Creates the tickets the work hangs on (same helpdesk). */
  helpdesk: Helpdesk;
  /** A technician and a group the helpdesk knows. */
  known: { technicianEmail: string; technicianName: string; group: string };
  /** The upload limit the implementation was configured with, bytes. */
  maxAttachmentBytes: number;
  teardown?: () => Promise<void>;
}

async function refusal(promise: Promise<unknown>, code: string): Promise<HelpdeskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isHelpdeskError(error), `expected a HelpdeskError "${code}", got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as HelpdeskError;
}

/** Every byte value, so text decoding anywhere on the way would show. */
const BINARY = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);

/**
 * The behaviour every `RequestWork` implementation shares: tasks, worklogs, pick-up and
 * assignment, attachments (byte-identical round trip, size and type checks), and `not_found` for
 * unknown requests. Call it with a factory returning a fresh implementation per test.
 */
export function runRequestWorkContract(name: string, setup: () => Promise<RequestWorkFixture>): void {
  describe(`RequestWork contract: ${name}`, () => {
    let f: RequestWorkFixture;
    let ticketId: string;
    beforeEach(async () => {
      f = await setup();
      ticketId = (await f.helpdesk.createTicket({ subject: "Fibre down on Elm St", description: "No light" }))
        .id;
    });
    afterEach(async () => {
      await f.teardown?.();
    });

    it("adds tasks, lists them oldest first, and closes one", async () => {
      const first = await f.work.addTask(ticketId, {
        title: "Check the splitter",
        description: "Cabinet 4",
        owner: { email: f.known.technicianEmail },
        group: f.known.group,
      });
      await f.work.addTask(ticketId, { title: "Call the customer back" });
      expect(first).toMatchObject({
        ticketId,
        title: "Check the splitter",
        status: "Open",
        group: f.known.group,
      });
      expect(first.owner?.name).toBe(f.known.technicianName);
      const listed = await f.work.listTasks(ticketId);
      expect(listed.items.map((t) => t.title)).toEqual(["Check the splitter", "Call the customer back"]);
      const closed = await f.work.updateTask(ticketId, first.id, { status: "Closed" });
      expect(closed.status).toBe("Closed");
      expect((await f.work.listTasks(ticketId)).items[0]?.status).toBe("Closed");
    });

    it("refuses a task without a title, and tasks on an unknown request", async () => {
      const error = await refusal(f.work.addTask(ticketId, { title: " " }), "invalid");
      expect(error.fields).toContain("title");
      await refusal(f.work.addTask("999999999", { title: "x" }), "not_found");
      await refusal(f.work.listTasks("999999999"), "not_found");
    });

    it("refuses a due time or a worklog start that is not an ISO-8601 time, naming the field", async () => {
      const due = await refusal(
        f.work.addTask(ticketId, { title: "x", scheduledEnd: "next Tuesday" }),
        "invalid",
      );
      expect(due.fields).toEqual(["scheduledEnd"]);
      const start = await refusal(
        f.work.addWorklog(ticketId, { minutes: 5, startedAt: "yesterday" }),
        "invalid",
      );
      expect(start.fields).toEqual(["startedAt"]);
    });

    it("logs time with technician and description, and lists it", async () => {
      await f.work.addWorklog(ticketId, {
        minutes: 90,
        description: "Spliced the drop cable",
        technician: { email: f.known.technicianEmail },
      });
      await f.work.addWorklog(ticketId, { minutes: 5 });
      const listed = await f.work.listWorklogs(ticketId);
      expect(listed.items).toHaveLength(2);
      expect(listed.items[0]).toMatchObject({ ticketId, minutes: 90, description: "Spliced the drop cable" });
      expect(listed.items[0]?.technician?.name).toBe(f.known.technicianName);
      // Without a technician the work is logged for the credentials' own user.
      expect(listed.items[1]?.minutes).toBe(5);
      expect(listed.items[1]?.technician?.name).toMatch(/\S/);
      await refusal(f.work.addWorklog(ticketId, { minutes: 0 }), "invalid");
      await refusal(f.work.addWorklog("999999999", { minutes: 5 }), "not_found");
    });

    it("picks a request up and assigns it to a technician and a group", async () => {
      const picked = await f.work.pickUp(ticketId);
      expect(picked.technician?.name).toMatch(/\S/);
      const assigned = await f.work.assign(ticketId, {
        technician: { email: f.known.technicianEmail },
        group: f.known.group,
      });
      expect(assigned.technician?.name).toBe(f.known.technicianName);
      expect(assigned.group).toBe(f.known.group);
      expect((await f.helpdesk.getTicket(ticketId))?.technician?.name).toBe(f.known.technicianName);
      await refusal(f.work.assign(ticketId, { technician: { email: "nobody@nowhere.example" } }), "invalid");
      await refusal(f.work.assign(ticketId, {}), "invalid");
      await refusal(f.work.pickUp("999999999"), "not_found");
    });

    it("uploads a file that is listed and downloaded byte-identical", async () => {
      const uploaded = await f.work.uploadAttachment(ticketId, {
        name: "router dump.bin",
        contentType: "application/octet-stream",
        bytes: BINARY,
      });
      expect(uploaded).toMatchObject({ ticketId, name: "router dump.bin", size: BINARY.byteLength });
      const listed = await f.work.listAttachments(ticketId);
      expect(listed.map((a) => [a.id, a.name, a.size])).toEqual([[uploaded.id, "router dump.bin", 512]]);
      const { attachment, bytes } = await f.work.downloadAttachment(ticketId, uploaded.id);
      expect(attachment.name).toBe("router dump.bin");
      expect(Buffer.from(bytes).equals(Buffer.from(BINARY))).toBe(true);
    });

    it("refuses an oversized file, a disallowed type and an empty file, saying why; nothing is attached", async () => {
      const big = new Uint8Array(f.maxAttachmentBytes + 1);
      const tooBig = await refusal(
        f.work.uploadAttachment(ticketId, { name: "big.log", contentType: "text/plain", bytes: big }),
        "invalid",
      );
      expect(tooBig.message).toMatch(/limit/);
      const exe = await refusal(
        f.work.uploadAttachment(ticketId, {
          name: "setup.exe",
          contentType: "application/x-msdownload",
          bytes: BINARY,
        }),
        "invalid",
      );
      expect(exe.message).toMatch(/application\/x-msdownload files are not accepted/);
      await refusal(
        f.work.uploadAttachment(ticketId, {
          name: "empty.txt",
          contentType: "text/plain",
          bytes: new Uint8Array(),
        }),
        "invalid",
      );
      expect(await f.work.listAttachments(ticketId)).toEqual([]);
      await refusal(f.work.downloadAttachment(ticketId, "999999999"), "not_found");
      await refusal(f.work.listAttachments("999999999"), "not_found");
    });
  });
}
