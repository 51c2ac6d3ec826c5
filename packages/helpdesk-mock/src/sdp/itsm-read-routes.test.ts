import { describe, expect, it } from "vitest";
import { type Body, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

const HOUR = 3_600_000;

describe("changes, solutions, assets and projects over the SDP v3 wire", () => {
  it("finds the changes whose scheduled window covers a time, with their notes", async () => {
    const f = await sdpFixture();
    const t = Date.UTC(2026, 10, 30, 12);
    f.helpdesk.itsm.changes.create({
      title: "Elm St splice",
      scheduledStart: t - HOUR,
      scheduledEnd: t + 2 * HOUR,
    });
    f.helpdesk.itsm.changes.create({
      title: "Next week",
      scheduledStart: t + 168 * HOUR,
      scheduledEnd: t + 170 * HOUR,
    });
    const around = await f.json("GET", "/changes", {
      input: {
        list_info: {
          search_criteria: [
            { field: "scheduled_start_time", condition: "lesser or equal", value: String(t) },
            {
              field: "scheduled_end_time",
              condition: "greater or equal",
              value: String(t),
              logical_operator: "and",
            },
          ],
        },
      },
    });
    expect(around.body.changes.map((c: Body) => c.title)).toEqual(["Elm St splice"]);
    const change = around.body.changes[0];
    expect(change.scheduled_end_time.value).toBe(String(t + 2 * HOUR));
    await f.json("POST", `/changes/${change.id}/notes`, {
      input: { change_note: { description: "crew on site" } },
    });
    const notes = await f.json("GET", `/changes/${change.id}/notes`);
    expect(notes.body.notes.map((n: Body) => n.description)).toEqual(["crew on site"]);
  });

  it("creates a change only with a title and a forward window", async () => {
    const f = await sdpFixture();
    const untitled = await f.json("POST", "/changes", { input: { change: { stage: { name: "Planning" } } } });
    expect(untitled.body.response_status.messages[0]).toMatchObject({ status_code: 4012, fields: ["title"] });
    const backwards = await f.json("POST", "/changes", {
      input: {
        change: {
          title: "x",
          scheduled_start_time: { value: "2000" },
          scheduled_end_time: { value: "1000" },
        },
      },
    });
    expect(backwards.body.response_status.messages[0].status_code).toBe(4001);
    const made = await f.json("POST", "/changes", {
      input: {
        change: { title: "ok", change_type: { name: "Standard" }, roll_out_plan: { description: "steps" } },
      },
    });
    expect(made.body.change).toMatchObject({
      change_type: { name: "Standard" },
      roll_out_plan: { description: "steps" },
    });
  });

  it("searches the seeded knowledge base, assets by user and lists projects", async () => {
    const f = await sdpFixture();
    const kb = await f.json("GET", "/solutions", {
      input: {
        list_info: { search_criteria: [{ field: "keywords", condition: "contains", value: "wifi" }] },
      },
    });
    expect(kb.body.solutions.map((s: Body) => s.title)).toEqual(["WiFi keeps dropping"]);
    const one = await f.json("GET", `/solutions/${kb.body.solutions[0].id}`);
    expect(one.body.solution.topic.name).toBe("WiFi");
    const assets = await f.json("GET", "/assets", {
      input: {
        list_info: {
          search_criteria: [{ field: "user.email_id", condition: "is", value: "jordan.smith@example.com" }],
        },
      },
    });
    expect(assets.body.assets.map((a: Body) => a.name)).toEqual(["CPE-ELM-0042", "ONT-ELM-0042"]);
    const projects = await f.json("GET", "/projects");
    expect(projects.body.projects.map((p: Body) => p.title)).toContain("North Depot fibre rollout");
    const missing = await f.json("GET", "/assets/1");
    expect(missing.status).toBe(404);
  });
});
