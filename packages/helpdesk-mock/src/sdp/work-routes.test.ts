import { describe, expect, it } from "vitest";
import { ACCEPT, type Body, createRequest, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

/** Tasks, worklogs and attachments over the SDP v3 wire, as strict as the reference says SDP is. */

const failure = (body: Body) => body.response_status.messages[0];

describe("request tasks", () => {
  it("adds, lists, reads and closes a task; unknown keys and values are refused", async () => {
    const f = await sdpFixture();
    const r = await createRequest(f, { subject: "tasks" });
    const added = await f.json("POST", `/requests/${r.id}/tasks`, {
      input: {
        task: { title: "Swap ONT", owner: { email_id: "sam.chen@ispn.example" }, group: { name: "Billing" } },
      },
    });
    expect(added.status).toBe(200);
    expect(added.body.task).toMatchObject({
      title: "Swap ONT",
      status: { name: "Open" },
      owner: { name: "Sam Chen" },
      group: { name: "Billing" },
    });
    const id = added.body.task.id;
    const closed = await f.json("PUT", `/requests/${r.id}/tasks/${id}`, {
      input: { task: { status: { name: "Closed" } } },
    });
    expect(closed.body.task.status.name).toBe("Closed");
    const listed = await f.json("GET", `/requests/${r.id}/tasks`);
    expect(listed.body.tasks.map((t: Body) => [t.id, t.status.name])).toEqual([[id, "Closed"]]);
    expect((await f.json("GET", `/requests/${r.id}/tasks/${id}`)).body.task.title).toBe("Swap ONT");

    const extra = await f.json("POST", `/requests/${r.id}/tasks`, {
      input: { task: { title: "x", colour: "red" } },
    });
    expect([extra.status, failure(extra.body).message]).toEqual([
      400,
      "Extra key found in JSON: task.colour",
    ]);
    const owner = await f.json("POST", `/requests/${r.id}/tasks`, {
      input: { task: { title: "x", owner: { name: "Nobody" } } },
    });
    expect(failure(owner.body)).toMatchObject({ status_code: 4001, field: "technician" });
    const untitled = await f.json("POST", `/requests/${r.id}/tasks`, {
      input: { task: { description: "x" } },
    });
    expect(failure(untitled.body)).toMatchObject({ status_code: 4012, fields: ["title"] });
    const other = await f.json("GET", `/requests/${r.id}/tasks/404`);
    expect([other.status, failure(other.body).status_code]).toEqual([404, 4007]);
  });
});

describe("request worklogs", () => {
  it("takes a worklog from a form body and lists it with time spent and owner", async () => {
    const f = await sdpFixture();
    const r = await createRequest(f, { subject: "worklogs" });
    const added = await f.json("POST", `/requests/${r.id}/worklogs`, {
      input: {
        worklog: {
          description: "Site visit",
          owner: { id: await technicianId(f, "Priya Patel") },
          time_spent: { hours: "2", minutes: "5" },
        },
      },
    });
    expect(added.status).toBe(200);
    expect(added.body.worklog).toMatchObject({
      description: "Site visit",
      owner: { name: "Priya Patel" },
      time_spent: { hours: "2", minutes: "5" },
    });
    const listed = await f.json("GET", `/requests/${r.id}/worklogs`);
    expect(listed.body.worklogs).toHaveLength(1);
  });

  it("refuses input_data in the query string, and the status and is_billable keys [S]", async () => {
    const f = await sdpFixture();
    const r = await createRequest(f, { subject: "strict worklogs" });
    const worklog = { time_spent: { hours: "1", minutes: "0" } };
    const viaQuery = await f.json("POST", `/requests/${r.id}/worklogs`, { input: { worklog }, via: "query" });
    expect([viaQuery.status, failure(viaQuery.body).field]).toEqual([400, "input_data"]);
    for (const key of ["status", "is_billable"]) {
      const refused = await f.json("POST", `/requests/${r.id}/worklogs`, {
        input: { worklog: { ...worklog, [key]: true } },
      });
      expect(failure(refused.body).message).toBe(`Extra key found in JSON: worklog.${key}`);
    }
    expect((await f.json("GET", `/requests/${r.id}/worklogs`)).body.worklogs).toEqual([]);
  });
});

async function technicianId(f: Awaited<ReturnType<typeof sdpFixture>>, name: string): Promise<string> {
  const listed = await f.json("GET", "/technicians", { input: { list_info: { row_count: 100 } } });
  return listed.body.technicians.find((t: Body) => t.name === name).id;
}

describe("request attachments", () => {
  const upload = (f: Awaited<ReturnType<typeof sdpFixture>>, method: string, path: string, form: FormData) =>
    f.app.request(`/app/itdesk/api/v3${path}`, {
      method,
      headers: { accept: ACCEPT, authorization: `Zoho-oauthtoken ${f.token}` },
      body: form,
    });
  const file = (name = "log.txt") => new File(["line 1\n"], name, { type: "text/plain" });

  it("accepts both documented upload forms, lists the files and serves their bytes", async () => {
    const f = await sdpFixture();
    const r = await createRequest(f, { subject: "files" });
    const a = new FormData();
    a.append("input_file", file("a.txt"));
    const first = await upload(f, "PUT", `/requests/${r.id}/upload`, a);
    expect(first.status).toBe(200);
    expect(((await first.json()) as Body).attachments[0]).toMatchObject({
      name: "a.txt",
      size: "7",
      content_type: "text/plain",
    });
    const b = new FormData();
    b.append("filename", file("b.txt"));
    b.append("addtoattachment", "true");
    const second = await upload(f, "POST", `/requests/${r.id}/_uploads`, b);
    expect(((await second.json()) as Body).files[0].name).toBe("b.txt");
    const listed = await f.json("GET", `/requests/${r.id}/attachments`);
    expect(listed.body.attachments.map((x: Body) => x.name)).toEqual(["a.txt", "b.txt"]);
    const got = await f.call(
      "GET",
      `/requests/${r.id}/attachments/${listed.body.attachments[0].id}/_download`,
    );
    expect(got.headers.get("content-type")).toBe("text/plain");
    expect(got.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''a.txt");
    expect(await got.text()).toBe("line 1\n");
  });

  it("refuses a missing file part, unknown parts, _uploads without addtoattachment, and a form body", async () => {
    const f = await sdpFixture();
    const r = await createRequest(f, { subject: "bad uploads" });
    const noFile = new FormData();
    noFile.append("input_file", "just text");
    expect(failure(await (await upload(f, "PUT", `/requests/${r.id}/upload`, noFile)).json()).fields).toEqual(
      ["input_file"],
    );
    const extra = new FormData();
    extra.append("input_file", file());
    extra.append("colour", "red");
    expect(failure(await (await upload(f, "PUT", `/requests/${r.id}/upload`, extra)).json()).message).toBe(
      "Extra key found in JSON: colour",
    );
    const notAttached = new FormData();
    notAttached.append("filename", file());
    expect(
      failure(await (await upload(f, "POST", `/requests/${r.id}/_uploads`, notAttached)).json()).fields,
    ).toEqual(["addtoattachment"]);
    const form = await f.json("PUT", `/requests/${r.id}/upload`, { input: { x: 1 } });
    expect([form.status, failure(form.body).field]).toEqual([400, "input_file"]);
    expect((await f.json("GET", `/requests/${r.id}/attachments`)).body.attachments).toEqual([]);
  });

  it("refuses files over the limit and of refused types with 4001 saying why", async () => {
    const f = await sdpFixture({ helpdeskOptions: { attachmentRules: { maxBytes: 3 } } });
    const r = await createRequest(f, { subject: "limits" });
    const big = new FormData();
    big.append("input_file", file());
    const tooBig = await upload(f, "PUT", `/requests/${r.id}/upload`, big);
    expect(tooBig.status).toBe(400);
    expect(failure(await tooBig.json()).message).toMatch(/The file is 7 bytes; the limit is 3 bytes/);
    const exe = new FormData();
    exe.append("input_file", new File(["M"], "x.exe", { type: "application/x-msdownload" }));
    expect(failure(await (await upload(f, "PUT", `/requests/${r.id}/upload`, exe)).json()).message).toMatch(
      /application\/x-msdownload files are not accepted/,
    );
  });

  it("shares attachments with the in-process port", async () => {
    const f = await sdpFixture();
    const ticket = await f.helpdesk.createTicket({ subject: "shared", description: "x" });
    await f.helpdesk.work.uploadAttachment(ticket.id, {
      name: "in.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("hi"),
    });
    const listed = await f.json("GET", `/requests/${ticket.id}/attachments`);
    expect(listed.body.attachments.map((x: Body) => [x.name, x.size])).toEqual([["in.txt", "2"]]);
  });
});
