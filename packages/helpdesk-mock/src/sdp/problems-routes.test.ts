import { describe, expect, it } from "vitest";
import { type Body, createRequest, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

const code = (body: Body) => body.response_status.messages[0].status_code;

describe("problems over the SDP v3 wire", () => {
  it("creates, reads, lists, updates and closes a problem", async () => {
    const f = await sdpFixture();
    const created = await f.json("POST", "/problems", {
      input: {
        problem: {
          title: "Fibre cut on Elm St",
          priority: { name: "High" },
          symptoms_description: "no light",
        },
      },
    });
    expect(created.status).toBe(200);
    const problem = created.body.problem;
    expect(problem).toMatchObject({
      title: "Fibre cut on Elm St",
      status: { name: "Open" },
      priority: { name: "High" },
    });
    expect(problem.symptoms).toEqual({ description: "no light" });
    const updated = await f.json("PUT", `/problems/${problem.id}`, {
      input: {
        problem: {
          root_cause: { description: "backhoe" },
          technician: { email_id: "alex.rivera@ispn.example" },
        },
      },
    });
    expect(updated.body.problem).toMatchObject({
      root_cause: { description: "backhoe" },
      technician: { name: "Alex Rivera" },
    });
    const listed = await f.json("GET", "/problems", {
      input: { list_info: { search_criteria: [{ field: "title", condition: "contains", value: "elm" }] } },
    });
    expect(listed.body.response_status).toEqual([{ status_code: 2000, status: "success" }]);
    expect(listed.body.problems.map((p: Body) => p.id)).toEqual([problem.id]);
    const closed = await f.json("PUT", `/problems/${problem.id}/close`, {
      input: {
        problem: { closure_info: { closure_code: { name: "Success" }, closure_comments: "spliced" } },
      },
    });
    expect(closed.body.problem).toMatchObject({
      status: { name: "Closed" },
      closure_info: { closure_code: { name: "Success" }, closure_comments: "spliced" },
    });
    expect(closed.body.problem.closed_time.value).toMatch(/^\d+$/);
  });

  it("accepts each documented close form: `_close`, `close_details`, and an empty body", async () => {
    const f = await sdpFixture();
    for (const [path, input] of [
      ["_close", { problem: { close_details: { closure_code: { name: "Success" } } } }],
      ["close", undefined],
    ] as const) {
      const p = (await f.json("POST", "/problems", { input: { problem: { title: path } } })).body.problem;
      const closed = await f.json("PUT", `/problems/${p.id}/${path}`, input ? { input } : {});
      expect(closed.body.problem.status.name).toBe("Closed");
    }
  });

  it("refuses what SDP refuses: no title (4012), an unknown key, an unknown closure code, an unknown problem", async () => {
    const f = await sdpFixture();
    const untitled = await f.json("POST", "/problems", { input: { problem: { description: "x" } } });
    expect([untitled.status, code(untitled.body), untitled.body.response_status.messages[0].fields]).toEqual([
      400,
      4012,
      ["title"],
    ]);
    const extra = await f.json("POST", "/problems", { input: { problem: { title: "t", subject: "s" } } });
    expect(extra.body.response_status.messages[0].message).toBe("Extra key found in JSON: problem.subject");
    const p = (await f.json("POST", "/problems", { input: { problem: { title: "t" } } })).body.problem;
    const badCode = await f.json("PUT", `/problems/${p.id}/close`, {
      input: { problem: { closure_info: { closure_code: { name: "Nope" } } } },
    });
    expect([badCode.status, code(badCode.body)]).toEqual([400, 4001]);
    const missing = await f.json("GET", "/problems/123640000000999999");
    expect([missing.status, code(missing.body)]).toEqual([404, 4007]);
  });

  it("keeps notes under either write key and lists them oldest first", async () => {
    const f = await sdpFixture();
    const p = (await f.json("POST", "/problems", { input: { problem: { title: "noted" } } })).body.problem;
    await f.json("POST", `/problems/${p.id}/notes`, { input: { note: { description: "first" } } });
    const second = await f.json("POST", `/problems/${p.id}/notes`, {
      input: { problem_note: { description: "second" } },
    });
    expect(second.body.note).toMatchObject({ description: "second", problem: { id: p.id } });
    const listed = await f.json("GET", `/problems/${p.id}/notes`);
    expect(listed.body.notes.map((n: Body) => n.description)).toEqual(["first", "second"]);
    const empty = await f.json("POST", `/problems/${p.id}/notes`, { input: { note: {} } });
    expect(code(empty.body)).toBe(4012);
  });

  it("links requests through the request-side association and unlinks them with or without a body", async () => {
    const f = await sdpFixture();
    const p = (await f.json("POST", "/problems", { input: { problem: { title: "outage" } } })).body.problem;
    const a = await createRequest(f, { subject: "caller a" });
    const b = await createRequest(f, { subject: "caller b" });
    const body = { request_problem_association: { problem: { id: p.id } } };
    for (const r of [a, b]) {
      const linked = await f.json("POST", `/requests/${r.id}/problem`, { input: body });
      expect(linked.body.response_status.status_code).toBe(2000);
    }
    expect(f.helpdesk.itsm.problems.get(p.id)?.requestIds).toEqual([a.id, b.id]);
    expect((await f.json("GET", `/problems/${p.id}`)).body.problem.has_requests).toBe(true);
    await f.json("DELETE", `/requests/${a.id}/problem`, { input: body });
    await f.json("DELETE", `/requests/${b.id}/problem`);
    expect(f.helpdesk.itsm.problems.get(p.id)?.requestIds).toEqual([]);
    const bare = await f.json("POST", `/requests/${a.id}/problem`, { input: { problem: { id: p.id } } });
    expect(bare.body.response_status.messages[0].message).toBe("Extra key found in JSON: problem");
    const unknown = await f.json("POST", "/requests/123640000000999999/problem", { input: body });
    expect(unknown.status).toBe(404);
  });

  it("reports has_problem on a request while a problem links it", async () => {
    const f = await sdpFixture();
    const p = (await f.json("POST", "/problems", { input: { problem: { title: "outage" } } })).body.problem;
    const r = await createRequest(f, { subject: "caller" });
    const hasProblem = async () => (await f.json("GET", `/requests/${r.id}`)).body.request.has_problem;
    expect(await hasProblem()).toBe(false);
    const body = { request_problem_association: { problem: { id: p.id } } };
    await f.json("POST", `/requests/${r.id}/problem`, { input: body });
    expect(await hasProblem()).toBe(true);
    const listed = await f.json("GET", "/requests", {
      input: { list_info: { fields_required: ["has_problem"] } },
    });
    expect(listed.body.requests.map((row: Body) => row.has_problem)).toEqual([true]);
    await f.json("DELETE", `/requests/${r.id}/problem`, { input: body });
    expect(await hasProblem()).toBe(false);
  });
});
