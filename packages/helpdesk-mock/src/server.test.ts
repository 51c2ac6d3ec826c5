import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ACCEPT, CLIENT } from "../test/fixtures/sdp-fixture.ts";
import { type RunningSdpMock, startSdpMockServer } from "./server.ts";

let running: RunningSdpMock | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function tokenFor(mock: RunningSdpMock): Promise<string> {
  const res = await fetch(`${mock.accountsUrl}/oauth/v2/token`, {
    method: "POST",
    body: new URLSearchParams({ ...CLIENT, grant_type: "refresh_token", refresh_token: "1000.mockrefresh" }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

function createBody(subject: string) {
  return new URLSearchParams({
    input_data: JSON.stringify({ request: { subject, description: `Ref: ${subject}` } }),
  });
}

describe("the SDP fake over real HTTP", () => {
  it("serves the API at url/app/portal/api/v3 with tickets linking back to the server", async () => {
    running = await startSdpMockServer();
    const mock = running;
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.portal).toBe("itdesk");
    const headers = { accept: ACCEPT, authorization: `Zoho-oauthtoken ${await tokenFor(mock)}` };
    const res = await fetch(`${mock.url}/app/${mock.portal}/api/v3/requests`, {
      method: "POST",
      headers,
      body: createBody("real http"),
    });
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { request: { id: string } }).request.id;
    const ticket = await mock.helpdesk.getTicket(id);
    expect(ticket?.url.startsWith(`${mock.url}/app/itdesk/ui/requests/${id}`)).toBe(true);
    expect((await fetch(ticket?.url ?? "")).status).toBe(200);
  });

  it("an ambiguous create makes the ticket, holds the answer until the client gives up, and counts down", async () => {
    running = await startSdpMockServer({ responseDelayMsForAmbiguous: 60_000 });
    const mock = running;
    const headers = { accept: ACCEPT, authorization: `Zoho-oauthtoken ${await tokenFor(mock)}` };
    mock.helpdesk.faults.set({ ambiguousCreates: 1 });
    const client = new AbortController();
    const url = `${mock.url}/api/v3/requests`;
    const attempt = fetch(url, {
      method: "POST",
      headers,
      body: createBody("conv_amb"),
      signal: client.signal,
    });
    attempt.catch(() => {});
    while ((await mock.helpdesk.listTickets()).items.length === 0)
      await new Promise((r) => setTimeout(r, 10));
    client.abort();
    await expect(attempt).rejects.toThrow();
    expect((await mock.helpdesk.findTicketByMarker("conv_amb"))?.subject).toBe("conv_amb");
    expect(mock.helpdesk.faults.get().ambiguousCreates).toBe(0);
    const retry = await fetch(url, { method: "POST", headers, body: createBody("next") });
    expect(retry.status).toBe(200);
    expect((await mock.helpdesk.listTickets()).items.map((t) => t.subject)).toEqual(["next", "conv_amb"]);
  });

  it("a client that waits out the hold gets the created request", async () => {
    running = await startSdpMockServer({ responseDelayMsForAmbiguous: 20 });
    const mock = running;
    const headers = { accept: ACCEPT, authorization: `Zoho-oauthtoken ${await tokenFor(mock)}` };
    mock.helpdesk.faults.set({ ambiguousCreates: 1 });
    const res = await fetch(`${mock.url}/api/v3/requests`, {
      method: "POST",
      headers,
      body: createBody("patient"),
    });
    expect(((await res.json()) as { request: { subject: string } }).request.subject).toBe("patient");
  });

  it("reads input_data from the form body of a GET, as the official Ansible collection sends it", async () => {
    running = await startSdpMockServer();
    const mock = running;
    await mock.helpdesk.createTicket({ subject: "one", description: "x" });
    await mock.helpdesk.createTicket({ subject: "two", description: "x" });
    const body = new URLSearchParams({
      input_data: JSON.stringify({ list_info: { row_count: 1 } }),
    }).toString();
    const token = await tokenFor(mock);
    const answer = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${mock.url}/api/v3/requests`, {
        method: "GET",
        headers: {
          accept: ACCEPT,
          authorization: `Zoho-oauthtoken ${token}`,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end(body);
    });
    const parsed = JSON.parse(answer) as {
      requests: { subject: string }[];
      list_info: { has_more_rows: boolean };
    };
    expect(parsed.requests.map((r) => r.subject)).toEqual(["two"]);
    expect(parsed.list_info.has_more_rows).toBe(true);
  });
});
