import { createMockHelpdesk } from "@ispn/helpdesk-mock";
import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import { isSdpError, SdpServerError, SdpValidationError } from "./index.ts";

/** Wire facts of tasks, worklogs and attachments, over real HTTP against the SDP-compatible mock. */
let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Records every API call the client makes, and lets a test answer some itself. */
function recordingFetch(answer?: (method: string, path: string) => Response | undefined) {
  const calls: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^.*\/api\/v3/, "");
    if (!path.startsWith("/oauth")) calls.push(`${request.method} ${path}`);
    return answer?.(request.method, path) ?? fetch(request);
  };
  return { calls, fetchImpl };
}

const FILE = {
  name: "speedtest.png",
  contentType: "image/png",
  bytes: Uint8Array.from([137, 80, 78, 71, 0, 255]),
};

async function newTicket(f: MockFixture): Promise<string> {
  return (await f.client.requests.create({ subject: "Slow line" })).id;
}

describe("attachment uploads", () => {
  it("uses PUT /upload (part input_file), and falls back to POST /_uploads when that route is missing, remembering it", async () => {
    const { calls, fetchImpl } = recordingFetch((method, path) =>
      method === "PUT" && path.endsWith("/upload")
        ? new Response("<html>Page not found</html>", {
            status: 404,
            headers: { "content-type": "text/html" },
          })
        : undefined,
    );
    fixture = await startMockWithClient({ client: { fetch: fetchImpl } });
    const id = await newTicket(fixture);
    const first = await fixture.client.attachments.upload(id, FILE);
    const second = await fixture.client.attachments.upload(id, { ...FILE, name: "second.png" });
    expect([first.name, second.name]).toEqual(["speedtest.png", "second.png"]);
    expect(calls.filter((c) => /upload/.test(c))).toEqual([
      `PUT /requests/${id}/upload`,
      `POST /requests/${id}/_uploads`,
      `POST /requests/${id}/_uploads`,
    ]);
    const listed = await fixture.client.attachments.list(id);
    expect(listed.items.map((a) => a.name)).toEqual(["speedtest.png", "second.png"]);
  });

  it("answers the server's own size refusal as a validation error naming the limit", async () => {
    const helpdesk = createMockHelpdesk({ attachmentRules: { maxBytes: 4 } });
    fixture = await startMockWithClient({ server: { helpdesk } });
    const id = await newTicket(fixture);
    const error = await fixture.client.attachments.upload(id, FILE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpValidationError);
    expect((error as SdpValidationError).detail).toMatch(/limit is 4 bytes/);
    expect((await fixture.client.attachments.list(id)).items).toEqual([]);
  });

  it("refuses a bad file before sending anything", async () => {
    const { calls, fetchImpl } = recordingFetch();
    fixture = await startMockWithClient({ client: { fetch: fetchImpl } });
    const id = await newTicket(fixture);
    const before = calls.length;
    const error = await fixture.client.attachments
      .upload(id, { name: "run.sh", contentType: "application/x-sh", bytes: FILE.bytes })
      .catch((e: unknown) => e);
    expect(isSdpError(error, "invalid_value")).toBe(true);
    expect((error as Error).message).toMatch(/application\/x-sh files are not accepted/);
    expect(calls.length).toBe(before);
  });

  it("never repeats an upload after a 5xx, but retries reads of the list", async () => {
    let failures = 2;
    const { calls, fetchImpl } = recordingFetch((method) => {
      if (failures <= 0 || method === "POST") return undefined;
      failures--;
      return new Response("<html>busy</html>", { status: 503 });
    });
    fixture = await startMockWithClient({ client: { fetch: fetchImpl } });
    const id = await newTicket(fixture);
    expect((await fixture.client.attachments.list(id)).items).toEqual([]);
    expect(calls.filter((c) => c.endsWith("/attachments"))).toHaveLength(3);
    failures = 1;
    const error = await fixture.client.attachments.upload(id, FILE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpServerError);
    expect(calls.filter((c) => c.includes("upload"))).toHaveLength(1);
  });

  it("downloads the bytes with the name from Content-Disposition, and 4007 for an unknown file", async () => {
    fixture = await startMockWithClient({ withoutPortal: true });
    const id = await newTicket(fixture);
    const uploaded = await fixture.client.attachments.upload(id, { ...FILE, name: "naïve café.png" });
    const file = await fixture.client.attachments.download(id, uploaded.id);
    expect(file.fileName).toBe("naïve café.png");
    expect(file.contentType).toBe("image/png");
    expect([...file.bytes]).toEqual([...FILE.bytes]);
    const missing = await fixture.client.attachments.download(id, "404404").catch((e: unknown) => e);
    expect(isSdpError(missing, "not_found")).toBe(true);
  });
});

describe("worklogs and tasks on the wire", () => {
  it("sends a worklog as a form body with time_spent {hours, minutes} and reads it back", async () => {
    fixture = await startMockWithClient();
    const id = await newTicket(fixture);
    const added = await fixture.client.worklogs.add(id, {
      minutes: 95,
      description: "Replaced ONT",
      owner: { email_id: "alex.rivera@ispn.example" },
      startTime: Date.UTC(2026, 10, 30, 9, 0),
    });
    expect(added.time_spent).toEqual({ hours: 1, minutes: 35 });
    expect(added.owner?.name).toBe("Alex Rivera");
    expect(added.end_time?.value).toBe(String(Date.UTC(2026, 10, 30, 10, 35)));
  });

  it("refuses unknown task keys as SDP does (HTTP 400, named in the error)", async () => {
    fixture = await startMockWithClient();
    const id = await newTicket(fixture);
    const error = await fixture.client.tasks.add(id, { title: "x", colour: "red" }).catch((e: unknown) => e);
    expect(isSdpError(error, "invalid_value")).toBe(true);
    expect((error as SdpValidationError).fields).toEqual(["task.colour"]);
  });
});
