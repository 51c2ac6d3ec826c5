import { DEFAULT_CATEGORIES } from "@ispn/core";
import { describe, expect, it } from "vitest";
import { type Body, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";
import { METADATA_ROUTES } from "./metadata-routes.ts";

describe("metadata lists over the SDP v3 wire", () => {
  it.each(METADATA_ROUTES.map(([path, , listKey, singleKey]) => [path, listKey, singleKey]))(
    "GET %s lists `%s` and each value by id as `%s`",
    async (path, listKey, singleKey) => {
      const f = await sdpFixture();
      const { status, body } = await f.json("GET", path, { input: { list_info: { row_count: 100 } } });
      expect(status).toBe(200);
      expect(body.response_status).toEqual([{ status_code: 2000, status: "success" }]);
      const items: Body[] = body[listKey];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items)
        expect(item).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: expect.any(String) });
      const first = items[0];
      const one = await f.json("GET", `${path}/${first.id}`);
      expect(one.body.response_status).toEqual({ status_code: 2000, status: "success" });
      expect(one.body[singleKey]).toEqual(first);
    },
  );

  it("serves the five statuses with SDP's attributes and the core's categories", async () => {
    const f = await sdpFixture();
    const statuses = (await f.json("GET", "/statuses")).body.statuses;
    expect(statuses.map((s: Body) => s.name)).toEqual([
      "Open",
      "In Progress",
      "On Hold",
      "Resolved",
      "Closed",
    ]);
    expect(statuses[2]).toMatchObject({ internal_name: "Onhold", stop_timer: true });
    const categories = await f.json("GET", "/categories", { input: { list_info: { row_count: 100 } } });
    expect(categories.body.categories.map((c: Body) => c.name)).toEqual([...DEFAULT_CATEGORIES]);
  });

  it("pages metadata like other lists (10 rows by default)", async () => {
    const f = await sdpFixture();
    const { body } = await f.json("GET", "/categories");
    expect(body.categories).toHaveLength(10);
    expect(body.list_info.has_more_rows).toBe(true);
  });

  it("lists a category's subcategories", async () => {
    const f = await sdpFixture();
    const wifi = (
      await f.json("GET", "/categories", { input: { list_info: { search_fields: { name: "WiFi" } } } })
    ).body.categories[0];
    const { body } = await f.json("GET", `/categories/${wifi.id}/subcategories`);
    expect(body.subcategories.map((s: Body) => s.name)).toEqual(["General", "Signal", "Password"]);
    expect(body.subcategories[0].category).toEqual({ id: wifi.id, name: "WiFi" });
  });

  it("finds requesters by phone or mobile with search_criteria", async () => {
    const f = await sdpFixture();
    const byPhone = (value: string) =>
      f.json("GET", "/requesters", {
        input: {
          list_info: {
            search_criteria: [
              { field: "phone", condition: "is", value },
              { field: "mobile", condition: "is", value, logical_operator: "or" },
            ],
          },
        },
      });
    expect((await byPhone("+15551230002")).body.requesters.map((r: Body) => r.name)).toEqual([
      "Maria Garcia",
    ]);
    expect((await byPhone("+15551230001")).body.requesters.map((r: Body) => r.email_id)).toEqual([
      "jordan.smith@example.com",
    ]);
    expect((await byPhone("+15559999999")).body.requesters).toEqual([]);
  });

  it("answers 4007 for an unknown id", async () => {
    const f = await sdpFixture();
    const { status, body } = await f.json("GET", "/priorities/1");
    expect(status).toBe(404);
    expect(body.response_status.messages[0].status_code).toBe(4007);
  });
});
