import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

type Change = { id: string; title: string; scheduledStart?: string; scheduledEnd?: string; type?: string };
const HOUR = 3_600_000;

describe("change tools", () => {
  let h: Harness;
  const t = Date.UTC(2026, 11, 1, 12);
  beforeEach(async () => {
    h = await createHarness();
    h.mock.itsm.changes.create({
      title: "Elm St cabinet maintenance",
      changeType: "Standard",
      scheduledStart: t - 2 * HOUR,
      scheduledEnd: t + 2 * HOUR,
    });
    h.mock.itsm.changes.create({
      title: "Oak Ave upgrade",
      scheduledStart: t + 24 * HOUR,
      scheduledEnd: t + 26 * HOUR,
    });
  });
  afterEach(() => h.close());

  it("finds the maintenance in force at a time, with its window", async () => {
    const now = await h.ok<{ changes: Change[] }>("change_list", { activeAt: new Date(t).toISOString() });
    expect(now.changes).toEqual([
      expect.objectContaining({
        title: "Elm St cabinet maintenance",
        type: "Standard",
        scheduledStart: "2026-12-01T10:00:00.000Z",
        scheduledEnd: "2026-12-01T14:00:00.000Z",
      }),
    ]);
    const tomorrow = await h.ok<{ changes: Change[] }>("change_list", {
      from: "2026-12-02",
      to: "2026-12-03",
    });
    expect(tomorrow.changes.map((c) => c.title)).toEqual(["Oak Ave upgrade"]);
    const paged = await h.ok<{ changes: Change[]; nextCursor?: string }>("change_list", { limit: 1 });
    const rest = await h.ok<{ changes: Change[] }>("change_list", { limit: 1, cursor: paged.nextCursor });
    expect([...paged.changes, ...rest.changes].map((c) => c.title)).toEqual([
      "Elm St cabinet maintenance",
      "Oak Ave upgrade",
    ]);
  });

  it("reads a change with its notes and adds one", async () => {
    const [change] = (await h.ok<{ changes: Change[] }>("change_list", { text: "Oak" })).changes;
    await h.ok("change_add_note", { changeId: change?.id, note: "Crew confirmed" });
    const got = await h.ok<{ change: Change; notes: { body: string }[] }>("change_get", {
      changeId: change?.id,
    });
    expect(got.notes.map((n) => n.body)).toEqual(["Crew confirmed"]);
  });

  it("explains a bad time, a backwards period and an unknown change", async () => {
    expect(await h.fail("change_list", { activeAt: "noon" })).toMatch(/activeAt: "noon" is not a date/);
    expect(await h.fail("change_list", { from: "2026-12-03", to: "2026-12-01" })).toMatch(
      /to: must not be before from/,
    );
    expect(await h.fail("change_get", { changeId: "1" })).toMatch(
      /changeId: no such record; use change_list/,
    );
    expect(await h.fail("change_list", { cursor: "nonsense" })).toMatch(/cursor/);
  });
});
