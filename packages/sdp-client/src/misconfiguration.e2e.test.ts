import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHandoffService, createMemoryStores, type Handoff, type Helpdesk } from "@ispn/core";
import { type RunningSdpMock, startSdpMockServer } from "@ispn/helpdesk-mock";
import { afterEach, describe, expect, it } from "vitest";
import { MOCK_CREDENTIALS } from "../test/fixtures/mock-server.ts";
import { createSdpClient, createSdpHelpdesk, type RequestMapping } from "./index.ts";

/**
 * An operator's typo against the SDP-compatible mock: readiness names the setting, `getTicket`
 * throws instead of answering "no such ticket" (so the handoff service forgets no dedup key), and
 * once the setting is fixed the same ticket is found and joined again.
 */

const OUTAGE: Handoff = {
  note: "Category: Outage\nReason: OutageConfirmed\nSummary: No service on Elm St\nConfidence: 0.9",
  summary: "No service on Elm St",
  category: "Outage",
  escalationReason: "OutageConfirmed",
  confidence: 0.9,
  source: "OutageAgent",
  oaKey: "OA-ELM-1",
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startMock(options: Parameters<typeof startSdpMockServer>[0] = {}): Promise<RunningSdpMock> {
  const mock = await startSdpMockServer(options);
  cleanups.push(() => mock.close());
  return mock;
}

/** A web server that is not SDP (a company website): every path is an HTML 404 page. */
async function startWebsite(): Promise<string> {
  const server: Server = createServer((_, res) => {
    res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not Found</body></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function sdpHelpdesk(
  mock: RunningSdpMock,
  where: { baseUrl?: string; portal?: string } = {},
  mapping: Partial<RequestMapping> = {},
): Helpdesk {
  const client = createSdpClient({
    baseUrl: where.baseUrl ?? mock.url,
    portal: where.portal ?? mock.portal,
    accountsUrl: mock.accountsUrl,
    ...MOCK_CREDENTIALS,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return createSdpHelpdesk({ client, mapping });
}

describe.each([
  ["a wrong SDP_PORTAL (HTML 404 page)", "SDP_PORTAL", {}, async () => ({ portal: "otherdesk" })],
  [
    'a wrong SDP_PORTAL (JSON 4007 "Invalid URL")',
    "SDP_PORTAL",
    { unknownPortal: "json" as const },
    async () => ({ portal: "otherdesk" }),
  ],
  [
    "a wrong SDP_BASE_URL (another web site)",
    "SDP_BASE_URL",
    {},
    async () => ({ baseUrl: await startWebsite() }),
  ],
])("%s", (_, setting, mockOptions, wrong) => {
  it("is named by readiness, never reads as 'no such ticket', and the ticket is joined once fixed", async () => {
    const mock = await startMock(mockOptions);
    const dedup = createMemoryStores().dedup;
    const good = sdpHelpdesk(mock);
    const first = await createHandoffService({ helpdesk: good, dedup }).submit(OUTAGE);
    expect(first.created).toBe(true);

    const bad = sdpHelpdesk(mock, await wrong());
    const health = await bad.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^misconfigured: /);
    expect(health.detail).toContain(setting);
    const read = await bad.getTicket(first.ticketId).then(
      (ticket) => ({ ticket }),
      (error: unknown) => ({ error }),
    );
    expect(read).toMatchObject({ error: { code: "misconfigured" } });
    // A second caller of the same outage while misconfigured: refused, but the key is kept.
    await expect(createHandoffService({ helpdesk: bad, dedup }).submit(OUTAGE)).rejects.toMatchObject({
      code: "misconfigured",
    });

    // The operator fixes the setting: the same ticket is found and the next caller joins it.
    expect((await good.getTicket(first.ticketId))?.id).toBe(first.ticketId);
    const again = await createHandoffService({ helpdesk: good, dedup }).submit(OUTAGE);
    expect(again).toMatchObject({ created: false, ticketId: first.ticketId });
    expect((await good.listTickets()).items).toHaveLength(1);
  });
});

describe("a mistyped UDF variable", () => {
  it("is named by readiness and by the refused create; fixed, the handoff goes through", async () => {
    const mock = await startMock();
    const dedup = createMemoryStores().dedup;
    const typo = sdpHelpdesk(mock, {}, { udfOutageKey: "udf_sline_11" });
    const health = await typo.health();
    expect(health).toMatchObject({ ok: false });
    expect(health.detail).toContain("SDP_UDF_OUTAGE_KEY=udf_sline_11");

    const refused = await createHandoffService({ helpdesk: typo, dedup })
      .submit(OUTAGE)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "misconfigured", fields: ["udf_fields.udf_sline_11"] });
    expect((refused as Error).message).toContain("SDP_UDF_OUTAGE_KEY");
    expect((await typo.listTickets()).items).toHaveLength(0);

    const fixed = sdpHelpdesk(mock, {}, { udfOutageKey: "udf_sline_1" });
    expect(await fixed.health()).toMatchObject({ ok: true });
    const result = await createHandoffService({ helpdesk: fixed, dedup }).submit(OUTAGE);
    expect(result.created).toBe(true);
    expect((await fixed.getTicket(result.ticketId))?.fields).toMatchObject({ udf_sline_1: "OA-ELM-1" });
  });
});
