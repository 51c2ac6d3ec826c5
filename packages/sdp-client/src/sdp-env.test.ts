import { describe, expect, it } from "vitest";
import { readSdpEnv } from "./sdp-env.ts";

const ENV_CONFIG = { clientId: "1000.id", clientSecret: "secret", refreshToken: "1000.refresh" };
const ENV = { SDP_CLIENT_ID: "1000.id", SDP_CLIENT_SECRET: "secret", SDP_REFRESH_TOKEN: "1000.refresh" };

describe("readSdpEnv", () => {
  it("with nothing set, names each required variable, once", () => {
    const read = readSdpEnv({});
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issues.map((i) => i.path)).toEqual([
      "SDP_CLIENT_ID",
      "SDP_CLIENT_SECRET",
      "SDP_REFRESH_TOKEN",
    ]);
    expect(read.issues[0]?.message).toBe("is required (the Zoho API console client id, 1000.…)");
    expect(read.issues[2]?.message).toContain("sdp-oauth-onboard");
  });

  it("reports every wrong client and mapping variable together, saying what is wrong", () => {
    const read = readSdpEnv({
      SDP_CLIENT_SECRET: "secret",
      SDP_DATA_CENTER: "MARS",
      SDP_TIMEOUT_MS: "10s",
      SDP_BASE_URL: "helpdesk.example.com",
      SDP_CATEGORY_MAP: "WiFi",
      SDP_PRIORITY_MAP: "*=High,=Low",
      SDP_DEFAULT_REQUESTER_EMAIL: "desk",
      SDP_MATCH_REQUESTER_BY_PHONE: "maybe",
      SDP_UDF_MARKER: "1st field",
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.fromEntries(read.issues.map((i) => [i.path, i.message]))).toEqual({
      SDP_DATA_CENTER: expect.stringContaining('got "MARS"'),
      SDP_TIMEOUT_MS: 'must be a whole number of milliseconds; got "10s"',
      SDP_BASE_URL: "must be an http(s) URL",
      SDP_CLIENT_ID: expect.stringContaining("is required"),
      SDP_REFRESH_TOKEN: expect.stringContaining("is required"),
      SDP_CATEGORY_MAP: expect.stringContaining('entry "WiFi" is not Key=Value'),
      SDP_PRIORITY_MAP: expect.stringContaining('entry "=Low" is not Key=Value'),
      SDP_DEFAULT_REQUESTER_EMAIL: "must be an e-mail address of an SDP requester",
      SDP_MATCH_REQUESTER_BY_PHONE: 'must be true or false; got "maybe"',
      SDP_UDF_MARKER: expect.stringContaining('got "1st field"'),
    });
    expect(read.issues).toHaveLength(10);
  });

  it("names a portal that contradicts the base URL", () => {
    const read = readSdpEnv({ ...ENV, SDP_BASE_URL: "https://h.example.com/app/itdesk/", SDP_PORTAL: "hr" });
    expect(read).toEqual({
      ok: false,
      issues: [{ path: "SDP_PORTAL", message: expect.stringContaining('names portal "itdesk"') }],
    });
  });

  it("returns the client settings and the mapping when everything is valid", () => {
    expect(
      readSdpEnv({
        ...ENV,
        SDP_DATA_CENTER: "eu",
        SDP_CATEGORY_MAP: "WiFi=Internet - WiFi",
        SDP_UDF_MARKER: "udf_m",
      }),
    ).toEqual({
      ok: true,
      value: {
        client: { ...ENV_CONFIG, dataCenter: "EU" },
        mapping: { categoryMap: { WiFi: "Internet - WiFi" }, udfMarker: "udf_m" },
      },
    });
  });
});
