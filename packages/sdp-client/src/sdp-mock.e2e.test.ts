import { type Handoff, handoffTicketInput } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import {
  createSdpClient,
  createSdpHelpdesk,
  exchangeGrantCode,
  isSdpError,
  SdpAuthError,
  SdpTokenThrottledError,
} from "./index.ts";

/** End to end over real HTTP against the helpdesk-mock's SDP-compatible server. */
let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});
const start = async (...args: Parameters<typeof startMockWithClient>) => {
  fixture = await startMockWithClient(...args);
  return fixture;
};

describe("tokens against the mock accounts server", () => {
  it("mints once for 50 concurrent calls, and once more after the tokens expire (one 401 retry)", async () => {
    const { mock, client } = await start();
    await Promise.all(Array.from({ length: 50 }, () => client.requests.list({ rowCount: 1 })));
    expect(mock.oauth.tokenRequests()).toBe(1);
    mock.oauth.expireAccessTokens();
    await client.requests.list({ rowCount: 1 });
    expect(mock.oauth.tokenRequests()).toBe(2);
  });

  it("reports a revoked refresh token as an auth error pointing at onboarding", async () => {
    const { mock, client } = await start();
    mock.oauth.revokeRefreshToken("1000.mockrefresh");
    const error = await client.requests.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpAuthError);
    expect((error as Error).message).toContain("sdp-oauth-onboard");
  });

  it("surfaces Zoho's mint throttle and stops asking", async () => {
    const { mock, client } = await start({
      server: { mintLimit: { max: 1, windowMs: 600_000, httpStatus: 400 } },
    });
    await client.requests.list();
    mock.oauth.expireAccessTokens();
    const error = await client.requests.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpTokenThrottledError);
    await client.requests.list().catch(() => undefined);
    expect(mock.oauth.tokenRequests()).toBe(2);
  });

  it("exchanges a self-client grant code once; the code cannot be reused", async () => {
    const { mock } = await start();
    const code = mock.oauth.issueGrantCode();
    const options = {
      accountsUrl: mock.accountsUrl,
      clientId: "1000.mockclient",
      clientSecret: "mocksecret",
      code,
    };
    const { refreshToken } = await exchangeGrantCode(options);
    const fresh = createSdpClient({
      baseUrl: mock.url,
      portal: mock.portal,
      ...options,
      refreshToken,
    });
    expect((await fresh.requests.list()).items).toEqual([]);
    const reused = await exchangeGrantCode(options).catch((e: unknown) => e);
    expect(isSdpError(reused, "auth")).toBe(true);
    expect((reused as Error).message).toMatch(/grant code is invalid, expired or already used/);
  });
});

describe("requests against the mock", () => {
  it("iterates across several pages and the adapter pages without overlap", async () => {
    const { client } = await start();
    const helpdesk = createSdpHelpdesk({ client });
    for (let i = 0; i < 7; i++) await helpdesk.createTicket({ subject: `page ${i}`, description: "x" });
    const all: string[] = [];
    for await (const r of client.requests.iterate({
      rowCount: 3,
      sortField: "created_time",
      sortOrder: "asc",
    })) {
      all.push(r.subject ?? "");
    }
    expect(all).toEqual(Array.from({ length: 7 }, (_, i) => `page ${i}`));
  });

  it("reports an ambiguous create as such; the ticket is then found by its marker, exactly once", async () => {
    // The client's timeout covers the token request too: 1.5 s, as in the adapter contract, so a
    // machine that stalls for a few hundred ms (seen in CI) still mints before the create is lost.
    const { mock, client } = await start({
      server: { responseDelayMsForAmbiguous: 10_000 },
      client: { timeoutMs: 1_500 },
    });
    const helpdesk = createSdpHelpdesk({ client });
    mock.helpdesk.faults.set({ ambiguousCreates: 1 });
    const lost = await helpdesk
      .createTicket({ subject: "Outage on Elm St", description: "many callers", marker: "conv_ambiguous_1" })
      .catch((e: unknown) => e);
    expect(lost).toMatchObject({ code: "ambiguous" });
    const ticket = await helpdesk.findTicketByMarker("conv_ambiguous_1");
    expect(ticket?.subject).toBe("Outage on Elm St");
    const all = await helpdesk.listTickets();
    expect(all.items.map((t) => t.id)).toEqual([ticket?.id]);
  });

  it("adds a resolution when the portal requires one to close, or names it when none is given", async () => {
    const { client } = await start({ server: { helpdeskOptions: { requireResolutionToClose: true } } });
    const helpdesk = createSdpHelpdesk({ client });
    const a = await helpdesk.createTicket({ subject: "needs resolution", description: "x" });
    const refused = await helpdesk.closeTicket(a.id, { closureCode: "Success" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "invalid", fields: ["resolution"] });
    const closed = await helpdesk.closeTicket(a.id, {
      closureCode: "Success",
      resolution: "Replaced router",
    });
    expect(closed.status).toBe("Closed");
    expect(closed.resolution).toBe("Replaced router");
  });

  it("names the mandatory fields a portal requires, and refuses a priority set by matrix", async () => {
    const { client } = await start({
      server: {
        helpdeskOptions: { mandatoryFields: ["subject", "urgency", "impact"], priorityFromMatrix: true },
      },
    });
    const helpdesk = createSdpHelpdesk({ client });
    const error = await helpdesk.createTicket({ subject: "s", description: "d" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid", fields: ["urgency", "impact"] });
  });

  it("matches the requester by phone in any stored format", async () => {
    const { mock, client } = await start();
    const helpdesk = createSdpHelpdesk({ client, mapping: { matchRequesterByPhone: true } });
    const handoff: Handoff = {
      note: "Caller cannot browse",
      summary: "Caller cannot browse",
      category: "Connectivity",
      escalationReason: "CallerRequested",
      confidence: 0.9,
      source: "VoiceAgent",
      callerNumber: "+15551230002",
      conversationId: "conv_phone",
    };
    const ticket = await helpdesk.createTicket(handoffTicketInput(handoff, "conv_phone"));
    expect(ticket.requester?.name).toBe("Maria Garcia");
    expect(ticket.mode).toBe("Phone Call");
    expect(ticket.subject).toBe("[Connectivity] Caller cannot browse");
    expect((await helpdesk.findTicketByMarker("conv_phone"))?.id).toBe(ticket.id);
    expect(mock.oauth.tokenRequests()).toBe(1);
  });

  it("reports the rate limit with the server's wait, and an outage as unavailable", async () => {
    const { mock, client } = await start({ client: { retry: { attempts: 1 } } });
    const helpdesk = createSdpHelpdesk({ client });
    mock.helpdesk.faults.set({ rateLimited: true, rateLimitRetryAfterMs: 3_000 });
    expect(await helpdesk.listTickets().catch((e: unknown) => e)).toMatchObject({
      code: "rate_limited",
      retryAfterMs: 3_000,
    });
    mock.helpdesk.faults.set({ rateLimited: false, outage: true });
    expect(await helpdesk.listTickets().catch((e: unknown) => e)).toMatchObject({ code: "unavailable" });
    expect((await helpdesk.health()).ok).toBe(false);
  });

  it("lists the metadata the adapter exposes, including technicians and templates", async () => {
    const { client } = await start();
    const helpdesk = createSdpHelpdesk({ client });
    expect(
      (await helpdesk.listMetadata("technicians")).some((t) => t.detail === "alex.rivera@ispn.example"),
    ).toBe(true);
    expect((await helpdesk.listMetadata("templates")).map((t) => t.name)).toContain("Voice Agent Handoff");
    expect((await helpdesk.listMetadata("subcategories")).find((s) => s.name === "Signal")?.detail).toBe(
      "WiFi",
    );
  });
});
