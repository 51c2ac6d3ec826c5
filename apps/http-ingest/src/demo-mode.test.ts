import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff, TOKEN } from "../test/harness.ts";
import { createApp } from "./app.ts";
import { createLogger } from "./logger.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** The app as `pnpm start` builds it with HELPDESK=mock: the mock's routes mounted. */
async function demoApp() {
  h = await createHarness();
  return createApp({
    runtime: { ...h.runtime, mock: h.helpdesk },
    config: h.config,
    logger: createLogger("silent"),
    metrics: h.metrics,
  });
}

describe("demo mode (HELPDESK=mock) without the ingest token", () => {
  it("refuses the ticket pages: a sign-in form for a browser, 401 for others, no caller data", async () => {
    const app = await demoApp();
    expect((await postHandoff({ app }, handoffBody({ conversationId: "conv_demo" }))).status).toBe(200);
    // on a loaded machine the answer may be "queued": the ticket exists once the attempt ends
    await h.runtime.handoffs.drain();
    const ticketId = (await h.helpdesk.listTickets()).items[0]!.id;
    const browser = await app.request("/", { headers: { accept: "text/html" } });
    expect(browser.status).toBe(401);
    const form = await browser.text();
    expect(form).toContain('name="token"');
    expect(form).not.toContain("Customer unable to connect");
    for (const path of ["/", `/app/itdesk/ui/requests/${ticketId}/details`]) {
      const res = await app.request(path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(await res.text()).not.toContain("555");
    }
    expect((await app.request("/?token=not-the-token-at-all")).status).toBe(403);
  });

  it("refuses the fault controls, so no one can switch the helpdesk off", async () => {
    const app = await demoApp();
    const put = await app.request("/_mock/faults", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outage: true }),
    });
    expect(put.status).toBe(401);
    expect((await app.request("/_mock/faults")).status).toBe(401);
    expect((await app.request("/_mock/faults", { method: "DELETE" })).status).toBe(401);
    const wrong = await app.request("/_mock/faults", {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: "Bearer not-the-token-at-all" },
      body: JSON.stringify({ outage: true }),
    });
    expect(wrong.status).toBe(403);
    expect(h.helpdesk.faults.get().outage).toBe(false);
  });

  it("does not serve the mock's SDP API or its token endpoint on the service port at all", async () => {
    const app = await demoApp();
    const token = await app.request("/oauth/v2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-token": TOKEN },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: "1000.mockclient",
        client_secret: "mocksecret",
        refresh_token: "1000.mockrefresh",
      }).toString(),
    });
    expect(token.status).toBe(404);
    for (const [method, path] of [
      ["GET", "/app/itdesk/api/v3/requests"],
      ["GET", "/api/v3/requests"],
      ["DELETE", "/app/itdesk/api/v3/requests/1"],
    ] as const) {
      const res = await app.request(path, { method, headers: { "x-auth-token": TOKEN } });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
  });
});

describe("demo mode with the ingest token", () => {
  it("opens the pages from ?token= once (cookie, then the same page without the token)", async () => {
    const app = await demoApp();
    const { ticketId, ticketNumber } = await (
      await postHandoff({ app }, handoffBody({ conversationId: "conv_demo" }))
    ).json();
    const signIn = await app.request(`/?token=${TOKEN}`);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/");
    const cookie = signIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(TOKEN);
    const session = { cookie: cookie.split(";")[0]! };
    const page = await app.request("/", { headers: session });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(ticketNumber);
    expect(
      (await app.request(`/app/itdesk/ui/requests/${ticketId}/details`, { headers: session })).status,
    ).toBe(200);
    // The page cookie is not an ingest credential.
    expect(
      (await app.request("/_mock/faults", { headers: { authorization: `Bearer ${session.cookie}` } })).status,
    ).toBe(403);
  });

  it("lets a script set faults with the token", async () => {
    const app = await demoApp();
    const put = await app.request("/_mock/faults", {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ outage: true }),
    });
    expect(put.status).toBe(200);
    expect(h.helpdesk.faults.get().outage).toBe(true);
  });
});
