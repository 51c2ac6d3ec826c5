import { describe, expect, it } from "vitest";
import { BASE_CONFIG, fakeFetch, listOf, type Seen, single } from "../test/fixtures/fake-fetch.ts";
import { createSdpClient, createSdpRequestWork } from "./index.ts";

/** The unsure wire forms of tasks, worklogs and attachments (reference §4.6), each accepted. */
const clientFor = (api: (seen: Seen) => Response) => {
  const fake = fakeFetch(api);
  const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
  return { fake, client, work: createSdpRequestWork({ client }) };
};
const FILE = { name: "a.txt", contentType: "text/plain", bytes: new TextEncoder().encode("abc") };

describe("upload answers", () => {
  it.each([
    ["attachment", { attachment: { id: "7", name: "a.txt", size: "3", content_type: "text/plain" } }],
    ["attachments[]", { attachments: [{ id: "7", name: "a.txt", size: 3 }] }],
    ["files[]", { files: [{ id: "7", file_name: "a.txt", size: { value: "3", display_value: "3 B" } }] }],
    ["file without a name", { file: { id: "7" } }],
  ])("reads the attachment under %s", async (_key, body) => {
    const { work } = clientFor(() => single(body));
    const uploaded = await work.uploadAttachment("1", FILE);
    expect(uploaded).toMatchObject({ id: "7", name: "a.txt", size: 3, contentType: "text/plain" });
  });

  it("finds the attachment by name in the list when the answer names none", async () => {
    const { fake, work } = clientFor((seen) =>
      seen.method === "GET"
        ? listOf("attachments", [
            { id: "5", name: "other.txt", size: "9" },
            { id: "7", name: "a.txt", size: "3" },
          ])
        : single({}),
    );
    expect((await work.uploadAttachment("1", FILE)).id).toBe("7");
    expect(fake.apiCalls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "PUT /requests/1/upload",
      "GET /requests/1/attachments",
    ]);
  });
});

describe("worklog and task forms", () => {
  it("reads time spent as {hours, minutes}, as HH:MM text, as ms, or from start and end", async () => {
    const { work } = clientFor(() =>
      listOf("worklogs", [
        { id: "1", time_spent: { hours: "1", minutes: "30" } },
        { id: "2", time_spent: "02:05" },
        { id: "3", time_spent: 600_000 },
        { id: "4", start_time: { value: "0" }, end_time: { value: "2700000" } },
      ]),
    );
    expect((await work.listWorklogs("1")).items.map((w) => w.minutes)).toEqual([90, 125, 10, 45]);
  });

  it("sends a worklog as a form body with string hours and minutes and no status or is_billable", async () => {
    const { fake, work } = clientFor(() =>
      single({ worklog: { id: "9", time_spent: { hours: "1", minutes: "5" } } }),
    );
    await work.addWorklog("1", { minutes: 65, technician: { email: "sam@isp.example" } });
    const call = fake.apiCalls[0];
    expect(call?.url.search).toBe("");
    const worklog = (call?.inputData as { worklog: Record<string, unknown> } | undefined)?.worklog ?? {};
    expect(worklog.time_spent).toEqual({ hours: "1", minutes: "5" });
    expect(worklog.owner).toEqual({ email_id: "sam@isp.example" });
    expect(Object.keys(worklog)).not.toContain("status");
    expect(Object.keys(worklog)).not.toContain("is_billable");
  });

  it("reads tasks under `tasks` or `request_tasks`", async () => {
    for (const key of ["tasks", "request_tasks"]) {
      const { work } = clientFor(() =>
        listOf(key, [{ id: "3", title: "Swap ONT", status: { name: "Open" } }]),
      );
      expect((await work.listTasks("1")).items.map((t) => t.title)).toEqual(["Swap ONT"]);
    }
  });
});
