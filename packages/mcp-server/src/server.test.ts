import { afterEach, describe, expect, it } from "vitest";
import { createHarness, HARNESS_SERVER_VERSION, type Harness } from "./testing/harness.ts";

describe("createMcpServer", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("introduces itself with instructions for the model", async () => {
    h = await createHarness();
    expect(h.client.getServerVersion()).toMatchObject({
      name: "ispn-helpdesk",
      version: HARNESS_SERVER_VERSION,
    });
    expect(h.client.getInstructions()).toContain("helpdesk_metadata");
  });

  it("abandons a call that exceeds the call budget and says it may have taken effect", async () => {
    h = await createHarness({ callTimeoutMs: 1000 });
    h.mock.faults.set({ latencyMs: 5000 });
    const text = await h.fail("ticket_create", { subject: "Router keeps rebooting" });
    // answered while the helpdesk was still working on it: no ticket exists yet
    h.mock.faults.reset();
    expect((await h.mock.listTickets()).items).toEqual([]);
    expect(text).toMatch(/did not answer in time|abandoned after 1 seconds/);
    expect(h.logs.find((l) => l.fields.tool === "ticket_create")?.fields).toMatchObject({ outcome: "error" });
  });

  it("logs unexpected failures with their error but answers without internals", async () => {
    h = await createHarness();
    h.mock.listTickets = async () => {
      throw new TypeError("boom at /internal/path.ts:12");
    };
    const text = await h.fail("ticket_list", {});
    expect(text).not.toContain("boom");
    expect(h.logs.find((l) => l.level === "error")?.fields).toMatchObject({
      tool: "ticket_list",
      code: "unexpected",
    });
  });
});
