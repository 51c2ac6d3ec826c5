import { HelpdeskError } from "@ispn/core";
import { describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  failure,
  fakeFetch,
  type Handler,
  listOf,
  single,
  wireRequest,
} from "../test/fixtures/fake-fetch.ts";
import { createSdpClient, createSdpHelpdesk, type RequestMapping } from "./index.ts";

/** Only positive evidence says "no such ticket" (architecture invariant 4). */

function adapter(api: Handler, mapping: Partial<RequestMapping> = {}) {
  const fake = fakeFetch(api);
  const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, timeoutMs: 50 });
  return { fake, helpdesk: createSdpHelpdesk({ client, mapping }) };
}

const html404 = () => new Response("<html><body>Page not found</body></html>", { status: 404 });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as HelpdeskError,
  );

describe("getTicket answers undefined only when SDP said the request does not exist", () => {
  it("throws misconfigured, not undefined, on an HTML 404 page", async () => {
    const { fake, helpdesk } = adapter(html404);
    const error = await errorOf(helpdesk.getTicket("1"));
    expect(error).toBeInstanceOf(HelpdeskError);
    expect(error).toMatchObject({ code: "misconfigured" });
    expect(error?.message).toContain("SDP_PORTAL");
    expect(fake.apiCalls).toHaveLength(1);
  });

  it("throws misconfigured on 4007 Invalid URL when the request list fails alike", async () => {
    const { helpdesk } = adapter(() => failure(404, { status_code: 4007, message: "Invalid URL" }));
    expect(await errorOf(helpdesk.getTicket("1"))).toMatchObject({ code: "misconfigured" });
  });

  it.each(["Invalid URL", "Resource not found", undefined])(
    "answers undefined on 4007 (%s) when the same portal answers the request list",
    async (message) => {
      const { helpdesk } = adapter((seen) =>
        seen.path === "/requests"
          ? listOf("requests", [])
          : failure(404, { status_code: 4007, ...(message ? { message } : {}) }),
      );
      expect(await helpdesk.getTicket("1")).toBeUndefined();
    },
  );

  it("throws, not undefined, when the confirming probe cannot get an answer", async () => {
    const { helpdesk } = adapter((seen) =>
      seen.path === "/requests" ? new Response("down", { status: 503 }) : failure(404, { status_code: 4007 }),
    );
    expect(await errorOf(helpdesk.getTicket("1"))).toMatchObject({ code: "unavailable" });
  });
});

describe("a refused field the operator's mapping put there names the setting", () => {
  it("reports an unknown UDF as misconfigured, naming SDP_UDF_CALLER, and health says so", async () => {
    const { helpdesk } = adapter(
      (seen) =>
        seen.method === "POST"
          ? failure(400, { status_code: 4000, message: "Extra key found in JSON: udf_fields.udf_char2" })
          : seen.path === "/requests"
            ? listOf("requests", [])
            : single({ request: wireRequest("1") }),
      { udfCaller: "udf_char2" },
    );
    const error = await errorOf(
      helpdesk.createTicket({
        subject: "s",
        description: "d",
        marker: "m",
        handoff: {
          note: "n",
          summary: "s",
          category: "WiFi",
          escalationReason: "Other",
          confidence: 1,
          source: "VoiceAgent",
          callerNumber: "+14155550123",
        },
      }),
    );
    expect(error).toMatchObject({ code: "misconfigured", fields: ["udf_fields.udf_char2"] });
    expect(error?.message).toContain("SDP_UDF_CALLER");
    const health = await helpdesk.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^misconfigured: .*SDP_UDF_CALLER/);
  });

  it("health names a configured UDF the portal's metainfo does not list", async () => {
    const { helpdesk } = adapter(
      (seen) =>
        seen.path === "/requests/_metainfo"
          ? single({
              metainfo: { fields: { udf_fields: { fields: { udf_sline_1: { name: "udf_sline_1" } } } } },
            })
          : listOf("requests", []),
      { udfCaller: "udf_sline_1", udfMarker: "udf_sline_9" },
    );
    const health = await helpdesk.health();
    expect(health).toMatchObject({ ok: false });
    expect(health.detail).toContain("SDP_UDF_MARKER=udf_sline_9");
    expect(health.detail).not.toContain("SDP_UDF_CALLER");
  });

  it("health names the address settings on an HTML page", async () => {
    const { helpdesk } = adapter(html404);
    const health = await helpdesk.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^misconfigured: .*SDP_BASE_URL.*SDP_PORTAL/);
  });
});
