import { type RunningSdpMock, startSdpMockServer } from "@ispn/helpdesk-mock";
import { createSdpClient, createSdpHelpdesk } from "@ispn/sdp-client";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../test/harness.ts";

/** Readiness with the real SDP adapter against the SDP-compatible mock: a typo names its setting. */

let h: Harness | undefined;
let mock: RunningSdpMock | undefined;
afterEach(async () => {
  await h?.close();
  await mock?.close();
  h = undefined;
  mock = undefined;
});

async function readiness(portal: string, mapping = {}) {
  mock = await startSdpMockServer();
  const client = createSdpClient({
    baseUrl: mock.url,
    portal,
    accountsUrl: mock.accountsUrl,
    clientId: "1000.mockclient",
    clientSecret: "mocksecret",
    refreshToken: "1000.mockrefresh",
  });
  h = await createHarness({}, { helpdesk: createSdpHelpdesk({ client, mapping }) });
  const res = await h.app.request("/readyz");
  return {
    status: res.status,
    body: (await res.json()) as { status: string; checks: { helpdesk: Record<string, unknown> } },
  };
}

describe("/readyz with the SDP adapter", () => {
  it("is ready when the portal answers", async () => {
    const { status, body } = await readiness("itdesk");
    expect(status).toBe(200);
    expect(body.checks.helpdesk).toMatchObject({ ok: true, kind: "sdp" });
  });

  // Degraded, not down: handoffs are still taken (queued with a reference) while an operator fixes it.
  it("is degraded on a wrong SDP_PORTAL, and says it is misconfigured naming SDP_PORTAL", async () => {
    const { status, body } = await readiness("otherdesk");
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.checks.helpdesk).toMatchObject({ ok: false, kind: "sdp" });
    expect(String(body.checks.helpdesk.detail)).toMatch(/^misconfigured: .*SDP_PORTAL/);
    expect(String(body.checks.helpdesk.detail)).not.toContain("not_found");
  });

  it("is degraded on a mistyped UDF variable, naming it", async () => {
    const { status, body } = await readiness("itdesk", { udfCaller: "udf_sline_11" });
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(String(body.checks.helpdesk.detail)).toContain("SDP_UDF_CALLER=udf_sline_11");
  });
});
