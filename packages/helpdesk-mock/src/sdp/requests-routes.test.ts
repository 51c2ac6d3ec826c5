import { describe, expect, it } from "vitest";
import { ACCEPT, type Body, createRequest, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

const failure = (body: Body) => body.response_status.messages[0];

describe("requests over the SDP v3 wire", () => {
  it("creates from a form body and reads back under both path prefixes", async () => {
    const f = await sdpFixture();
    const created = await createRequest(f, {
      subject: "No internet",
      description: "<p>Router red light</p>",
      category: { name: "Connectivity" },
      priority: { name: "High" },
      mode: { name: "Phone Call" },
      requester: { email_id: "jordan.smith@example.com" },
      udf_fields: { udf_char1: "conv_123" },
    });
    expect(created.id).toMatch(/^\d{18}$/);
    expect(created.display_id).toBe("1001");
    expect(created.status).toMatchObject({ name: "Open", internal_name: "Open", in_progress: true });
    expect(created.priority).toMatchObject({
      name: "High",
      color: expect.any(String),
      id: expect.any(String),
    });
    expect(created.requester).toMatchObject({ name: "Jordan Smith", phone: "+15551230001" });
    expect(created.udf_fields).toEqual({ udf_char1: "conv_123" });
    expect(created.created_time.value).toMatch(/^\d+$/);
    expect(created.created_time.display_value).toMatch(/^\w{3} \d{2}, \d{4} \d{2}:\d{2} [AP]M$/);
    for (const prefix of ["/app/itdesk/api/v3", "/api/v3"]) {
      const { status, body } = await f.json("GET", `/requests/${created.id}`, { prefix });
      expect(status).toBe(200);
      expect(body.response_status).toEqual({ status_code: 2000, status: "success" });
      expect(body.request.description).toBe("<p>Router red light</p>");
    }
  });

  it("reads input_data from the query string of a POST too", async () => {
    const f = await sdpFixture();
    const { status, body } = await f.json("POST", "/requests", {
      input: { request: { subject: "via query" } },
      via: "query",
    });
    expect(status).toBe(200);
    expect(body.request.subject).toBe("via query");
  });

  it("answers 4012 naming the missing fields, and 4001 naming a bad value", async () => {
    const f = await sdpFixture({ helpdeskOptions: { mandatoryFields: ["category", "urgency"] } });
    const missing = await f.json("POST", "/requests", { input: { request: { description: "x" } } });
    expect(missing.status).toBe(400);
    expect(missing.body.response_status).toMatchObject({ status_code: 4000, status: "failed" });
    expect(failure(missing.body)).toMatchObject({
      status_code: 4012,
      type: "failed",
      fields: ["subject", "category", "urgency"],
    });
    const bad = await f.json("POST", "/requests", {
      input: { request: { subject: "x", category: { name: "Nope" }, urgency: { name: "High" } } },
    });
    expect(bad.status).toBe(400);
    expect(failure(bad.body)).toMatchObject({ status_code: 4001, field: "category" });
    const bareString = await f.json("POST", "/requests", {
      input: { request: { subject: "x", category: "WiFi", urgency: { name: "High" } } },
    });
    expect(failure(bareString.body)).toMatchObject({ status_code: 4001, field: "category" });
    const badJson = await f.app.request("/api/v3/requests", {
      method: "POST",
      headers: { accept: ACCEPT, authorization: `Zoho-oauthtoken ${f.token}` },
      body: new URLSearchParams({ input_data: "{not json" }),
    });
    expect(badJson.status).toBe(400);
    expect(failure(await badJson.json())).toMatchObject({ status_code: 4001, field: "input_data" });
    const noRequest = await f.json("POST", "/requests", { input: { requests: {} } });
    expect(failure(noRequest.body)).toMatchObject({ status_code: 4012, fields: ["request"] });
  });

  it("refuses a subcategory that does not belong to the category with 4001 naming the field", async () => {
    const f = await sdpFixture();
    const elsewhere = await f.json("POST", "/requests", {
      input: { request: { subject: "x", category: { name: "WiFi" }, subcategory: { name: "Intermittent" } } },
    });
    expect(elsewhere.status).toBe(400);
    expect(failure(elsewhere.body)).toMatchObject({ status_code: 4001, field: "subcategory" });
    const unknown = await f.json("POST", "/requests", {
      input: { request: { subject: "x", category: { name: "WiFi" }, subcategory: { name: "Switch" } } },
    });
    expect(failure(unknown.body)).toMatchObject({ status_code: 4001, field: "subcategory" });
    const fits = await f.json("POST", "/requests", {
      input: {
        request: { subject: "x", category: { name: "Connectivity" }, subcategory: { name: "Intermittent" } },
      },
    });
    expect(fits.status).toBe(200);
    expect((await f.json("GET", "/requests")).body.requests).toHaveLength(1);
  });

  it("refuses unknown keys in input_data with 400 and the generic 4000 naming the key", async () => {
    const f = await sdpFixture();
    const cases: [unknown, string][] = [
      [{ request: { subject: "x", udf_fields: { udf_char2: "conv_1" } } }, "udf_fields.udf_char2"],
      [{ request: { subject: "x", colour: "red" } }, "request.colour"],
      [{ request: { subject: "x" }, extra: true }, "extra"],
    ];
    for (const [input, path] of cases) {
      const { status, body } = await f.json("POST", "/requests", { input });
      expect(status).toBe(400);
      expect(failure(body)).toMatchObject({ status_code: 4000, message: `Extra key found in JSON: ${path}` });
    }
    const created = await createRequest(f, { subject: "ok" });
    const update = await f.json("PUT", `/requests/${created.id}`, {
      input: { request: { udf_fields: { udf_nope: "x" } } },
    });
    expect(update.status).toBe(400);
    expect((await f.json("GET", "/requests")).body.requests).toHaveLength(1);
  });

  it("lists the portal's UDFs at /requests/_metainfo", async () => {
    const f = await sdpFixture({ udfFields: ["udf_sline_7"] });
    const { status, body } = await f.json("GET", "/requests/_metainfo");
    expect(status).toBe(200);
    expect(Object.keys(body.metainfo.fields.udf_fields.fields)).toEqual(["udf_sline_7"]);
  });

  it("answers 403 with 4002 when the portal derives priority from a matrix", async () => {
    const f = await sdpFixture({ helpdeskOptions: { priorityFromMatrix: true } });
    const created = await createRequest(f, { subject: "x" });
    const { status, body } = await f.json("PUT", `/requests/${created.id}`, {
      input: { request: { priority: { name: "Low" } } },
    });
    expect(status).toBe(403);
    expect(failure(body)).toMatchObject({
      status_code: 4002,
      field: "priority",
      message: "Cannot give value for priority",
    });
  });

  it("answers 404 with 4007 for an unknown request", async () => {
    const f = await sdpFixture();
    const { status, body } = await f.json("GET", "/requests/123640000000999999");
    expect(status).toBe(404);
    expect(failure(body).status_code).toBe(4007);
  });

  it("updates lookups, technician, resolution and udf_fields", async () => {
    const f = await sdpFixture();
    const created = await createRequest(f, { subject: "x", category: { name: "WiFi" } });
    const { body } = await f.json("PUT", `/requests/${created.id}`, {
      input: {
        request: {
          status: { name: "In Progress" },
          subcategory: { name: "Signal" },
          technician: { email_id: "sam.chen@ispn.example" },
          resolution: { content: "Moved router" },
          udf_fields: { udf_sline_1: "x" },
        },
      },
    });
    expect(body.request.status.name).toBe("In Progress");
    expect(body.request.subcategory.name).toBe("Signal");
    expect(body.request.technician).toMatchObject({ name: "Sam Chen", email_id: "sam.chen@ispn.example" });
    expect(body.request.resolution.content).toBe("Moved router");
    expect(body.request.udf_fields).toMatchObject({ udf_sline_1: "x" });
    const resolutions = await f.json("GET", `/requests/${created.id}/resolutions`);
    expect(resolutions.body.resolution.content).toBe("Moved router");
  });

  it("closes with closure_info under /close and /_close", async () => {
    const f = await sdpFixture();
    for (const action of ["close", "_close"]) {
      const created = await createRequest(f, { subject: action });
      const closure_info = {
        closure_code: { name: "Success" },
        closure_comments: "Fixed",
        requester_ack_resolution: true,
      };
      const { status, body } = await f.json("PUT", `/requests/${created.id}/${action}`, {
        input: { request: { closure_info } },
      });
      expect(status).toBe(200);
      expect(body.response_status.messages[0].message).toBe("Request(s) closed");
      const read = await f.json("GET", `/requests/${created.id}`);
      expect(read.body.request.status.name).toBe("Closed");
      expect(read.body.request.closure_info).toMatchObject({
        closure_code: { name: "Success" },
        closure_comments: "Fixed",
      });
    }
  });

  it("answers 3000 with a warning when a resolution is required, and closes once one is set", async () => {
    const f = await sdpFixture({ helpdeskOptions: { requireResolutionToClose: true } });
    const created = await createRequest(f, { subject: "needs resolution" });
    const input = { request: { closure_info: { closure_code: { name: "Success" } } } };
    const refused = await f.json("PUT", `/requests/${created.id}/close`, { input });
    expect(refused.status).toBe(200);
    expect(refused.body.response_status.status_code).toBe(3000);
    expect(refused.body.response_status.messages[0]).toMatchObject({
      type: "warning",
      fields: ["resolution"],
    });
    expect((await f.json("GET", `/requests/${created.id}`)).body.request.status.name).toBe("Open");
    await f.json("PUT", `/requests/${created.id}`, {
      input: { request: { resolution: { content: "Replaced modem" } } },
    });
    const closed = await f.json("PUT", `/requests/${created.id}/close`, { input });
    expect(closed.body.response_status.status_code).toBe(2000);
    expect(closed.body.request.status.name).toBe("Closed");
  });

  it("deletes to the trash, restores, and purges with delete_type=permanent", async () => {
    const f = await sdpFixture();
    const created = await createRequest(f, { subject: "to trash" });
    expect((await f.json("DELETE", `/requests/${created.id}`)).status).toBe(200);
    expect((await f.json("GET", `/requests/${created.id}`)).status).toBe(404);
    expect((await f.json("GET", "/requests")).body.requests).toEqual([]);
    expect(await f.helpdesk.getTicket(created.id)).toBeUndefined();
    const restored = await f.json("PUT", `/requests/${created.id}/restore_from_trash`);
    expect(restored.body.request.is_trashed).toBe(false);
    await f.json("DELETE", `/requests/${created.id}?delete_type=permanent`);
    expect((await f.json("PUT", `/requests/${created.id}/restore_from_trash`)).status).toBe(404);
  });

  it("assigns a technician and group, refuses an unknown technician, and picks up as the token's user", async () => {
    const f = await sdpFixture();
    const created = await createRequest(f, { subject: "assign me" });
    const assigned = await f.json("PUT", `/requests/${created.id}/assign`, {
      input: { request: { technician: { name: "Priya Patel" }, group: { name: "Network Operations" } } },
    });
    expect(assigned.body.request.technician.name).toBe("Priya Patel");
    expect(assigned.body.request.group).toMatchObject({ name: "Network Operations", deleted: false });
    expect(assigned.body.request.assigned_time.value).toMatch(/^\d+$/);
    const unknown = await f.json("PUT", `/requests/${created.id}/_assign`, {
      input: { request: { technician: { name: "Nobody" } } },
    });
    expect(failure(unknown.body)).toMatchObject({ status_code: 4001, field: "technician" });
    const picked = await f.json("PUT", `/requests/${created.id}/pickup`);
    expect(picked.body.request.technician.name).toBe("administrator");
  });
});

describe("list_info", () => {
  async function withTickets(n: number) {
    let clock = Date.parse("2026-03-01T12:00:00Z");
    const f = await sdpFixture({ helpdeskOptions: { now: () => clock } });
    for (let i = 1; i <= n; i++) {
      clock += 1000;
      await createRequest(f, { subject: `ticket ${i}`, description: i % 2 ? "odd" : "even" });
    }
    return f;
  }

  it("pages 1-based, newest first by default, with has_more_rows and total_count only when asked", async () => {
    const f = await withTickets(5);
    const first = await f.json("GET", "/requests", {
      input: { list_info: { row_count: 2, start_index: 1 } },
    });
    expect(first.body.response_status).toEqual([{ status_code: 2000, status: "success" }]);
    expect(first.body.requests.map((r: Body) => r.subject)).toEqual(["ticket 5", "ticket 4"]);
    expect(first.body.list_info).toMatchObject({ has_more_rows: true, start_index: 1, row_count: 2 });
    expect(first.body.list_info).not.toHaveProperty("total_count");
    const last = await f.json("GET", "/requests", {
      input: { list_info: { row_count: 2, start_index: 5, get_total_count: true } },
    });
    expect(last.body.requests.map((r: Body) => r.subject)).toEqual(["ticket 1"]);
    expect(last.body.list_info).toMatchObject({ has_more_rows: false, total_count: 5, row_count: 1 });
  });

  it("sorts ascending on request, accepts page, and refuses row_count over 100", async () => {
    const f = await withTickets(3);
    const asc = await f.json("GET", "/requests", {
      input: { list_info: { sort_field: "created_time", sort_order: "asc", row_count: 1, page: 2 } },
    });
    expect(asc.body.requests.map((r: Body) => r.subject)).toEqual(["ticket 2"]);
    const tooMany = await f.json("GET", "/requests", { input: { list_info: { row_count: 101 } } });
    expect(tooMany.status).toBe(400);
    expect(failure(tooMany.body)).toMatchObject({ status_code: 4001, field: "row_count" });
  });

  it("trims list rows like SDP and adds fields_required", async () => {
    const f = await withTickets(1);
    const plain = await f.json("GET", "/requests");
    expect(plain.body.requests[0]).not.toHaveProperty("description");
    expect(plain.body.requests[0]).toHaveProperty("status");
    const more = await f.json("GET", "/requests", {
      input: { list_info: { fields_required: ["description", "priority"] } },
    });
    expect(more.body.requests[0].description).toBe("odd");
  });

  it("filters with search_criteria, logical_operator and children", async () => {
    const f = await withTickets(4);
    const t1 = (
      await f.json("GET", "/requests", { input: { list_info: { search_fields: { subject: "ticket 1" } } } })
    ).body.requests[0];
    await f.json("PUT", `/requests/${t1.id}`, {
      input: { request: { mode: { name: "Phone Call" }, status: { name: "On Hold" } } },
    });
    const criteria = [
      {
        field: "status",
        condition: "is",
        values: [{ name: "On Hold" }],
        logical_operator: "or",
        children: [
          { field: "description", condition: "contains", values: ["EVEN"], logical_operator: "and" },
          { field: "subject", condition: "ends with", value: "4", logical_operator: "and" },
        ],
      },
    ];
    const { body } = await f.json("GET", "/requests", {
      input: { list_info: { search_criteria: criteria } },
    });
    expect(body.requests.map((r: Body) => r.subject)).toEqual(["ticket 4", "ticket 1"]);
    expect(body.list_info.search_criteria).toEqual(criteria);
    const created = Number((await f.json("GET", `/requests/${t1.id}`)).body.request.created_time.value);
    const between = await f.json("GET", "/requests", {
      input: {
        list_info: {
          search_criteria: [
            {
              field: "created_time",
              condition: "between",
              values: [String(created), String(created + 1000)],
            },
            { field: "status.name", condition: "is not", value: "On Hold", logical_operator: "AND" },
          ],
        },
      },
    });
    expect(between.body.requests.map((r: Body) => r.subject)).toEqual(["ticket 2"]);
    const bad = await f.json("GET", "/requests", {
      input: { list_info: { search_criteria: { field: "subject", condition: "sounds like", value: "x" } } },
    });
    expect(failure(bad.body)).toMatchObject({ status_code: 4001, field: "condition" });
  });

  it("finds a marker in the description or a udf field, and honours filter_by", async () => {
    const f = await withTickets(2);
    const marked = await createRequest(f, {
      subject: "handoff",
      description: "Caller note\nRef: conv_abc",
      udf_fields: { udf_char1: "conv_abc" },
    });
    for (const field of ["description", "udf_fields.udf_char1"]) {
      const { body } = await f.json("GET", "/requests", {
        input: { list_info: { search_criteria: [{ field, condition: "contains", value: "conv_abc" }] } },
      });
      expect(body.requests.map((r: Body) => r.id)).toEqual([marked.id]);
    }
    await f.json("PUT", `/requests/${marked.id}/pickup`);
    const mine = await f.json("GET", "/requests", {
      input: { list_info: { filter_by: { name: "My_Open_Requests" } } },
    });
    expect(mine.body.requests.map((r: Body) => r.id)).toEqual([marked.id]);
    const unknown = await f.json("GET", "/requests", {
      input: { list_info: { filter_by: { name: "Nope" } } },
    });
    expect(failure(unknown.body)).toMatchObject({ status_code: 4001, field: "filter_by" });
  });
});
