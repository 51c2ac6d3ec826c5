import { describe, expect, it } from "vitest";
import { BASE_CONFIG, fakeFetch, listOf, tokenAnswer } from "../test/fixtures/fake-fetch.ts";
import {
  createSdpClient,
  DATA_CENTERS,
  dataCenterHosts,
  resolveSdpConfigFromEnv,
  resolveSdpHelpdeskOptionsFromEnv,
  SdpConfigError,
} from "./index.ts";

const ENV = { SDP_CLIENT_ID: "1000.id", SDP_CLIENT_SECRET: "secret", SDP_REFRESH_TOKEN: "1000.refresh" };

const configError = (run: () => unknown): SdpConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof SdpConfigError) return error;
    throw error;
  }
  throw new Error("expected an SdpConfigError");
};

describe("client configuration", () => {
  it.each([
    ["SDP_CLIENT_ID", { ...ENV, SDP_CLIENT_ID: "" }],
    ["SDP_CLIENT_SECRET", { ...ENV, SDP_CLIENT_SECRET: undefined }],
    ["SDP_REFRESH_TOKEN", { ...ENV, SDP_REFRESH_TOKEN: "  " }],
    ["SDP_DATA_CENTER", { ...ENV, SDP_DATA_CENTER: "MARS" }],
    ["SDP_BASE_URL", { ...ENV, SDP_BASE_URL: "helpdesk.example.com" }],
    ["SDP_ACCOUNTS_URL", { ...ENV, SDP_ACCOUNTS_URL: "ftp://accounts" }],
    ["SDP_PORTAL", { ...ENV, SDP_PORTAL: "it desk" }],
    ["SDP_TIMEOUT_MS", { ...ENV, SDP_TIMEOUT_MS: "10s" }],
  ])("names %s when it is missing or wrong", (name, env) => {
    const error = configError(() => resolveSdpConfigFromEnv(env));
    expect(error.setting).toBe(name);
    expect(error.code).toBe("config");
    expect(error.message.startsWith(`${name}: `)).toBe(true);
  });

  it("validates direct config too, naming the environment variable", () => {
    const error = configError(() =>
      createSdpClient({ clientId: "1000.id", clientSecret: "", refreshToken: "r" }),
    );
    expect(error.setting).toBe("SDP_CLIENT_SECRET");
  });

  it("reads the data centre case-insensitively and keeps defaults out", () => {
    expect(resolveSdpConfigFromEnv({ ...ENV, SDP_DATA_CENTER: "eu", SDP_TIMEOUT_MS: "5000" })).toEqual({
      clientId: "1000.id",
      clientSecret: "secret",
      refreshToken: "1000.refresh",
      dataCenter: "EU",
      timeoutMs: 5000,
    });
  });

  it("knows the hosts of all ten data centres", () => {
    expect(DATA_CENTERS).toHaveLength(10);
    expect(dataCenterHosts("US")).toMatchObject({
      apiOrigin: "https://sdpondemand.manageengine.com",
      accountsOrigin: "https://accounts.zoho.com",
    });
    expect(dataCenterHosts("AU")).toMatchObject({
      apiOrigin: "https://servicedeskplus.net.au",
      accountsOrigin: "https://accounts.zoho.com.au",
    });
    expect(dataCenterHosts("CA").accountsOrigin).toBe("https://accounts.zohocloud.ca");
    expect(dataCenterHosts("CN").alternateAccountsOrigins).toEqual(["https://accounts.zoho.cn"]);
  });

  it("calls the data centre's hosts, with the portal path", async () => {
    const fake = fakeFetch(() => listOf("requests", []));
    const client = createSdpClient({ ...ENVLESS, dataCenter: "UK", portal: "itdesk", fetch: fake.fetch });
    await client.requests.list();
    expect(fake.tokenCalls[0]?.url.origin).toBe("https://accounts.zoho.uk");
    expect(fake.apiCalls[0]?.url.href).toMatch(
      /^https:\/\/servicedeskplus\.uk\/app\/itdesk\/api\/v3\/requests\?/,
    );
    expect(client.requestUrl("123")).toBe("https://servicedeskplus.uk/app/itdesk/ui/requests/123/details");
  });

  it("takes the portal from a base URL pasted from the browser, and works without a portal", () => {
    const pasted = createSdpClient({
      ...ENVLESS,
      baseUrl: "https://helpdesk.example.com/app/support/HomePage.do",
    });
    expect(pasted.endpoint).toEqual({
      webOrigin: "https://helpdesk.example.com",
      portal: "support",
      apiRoot: "https://helpdesk.example.com/app/support/api/v3",
    });
    const bare = createSdpClient({ ...ENVLESS, baseUrl: "https://helpdesk.example.com/" });
    expect(bare.endpoint.apiRoot).toBe("https://helpdesk.example.com/api/v3");
    expect(bare.requestUrl("5")).toBe("https://helpdesk.example.com/ui/requests/5/details");
  });

  it("tries the alternate accounts host of a disputed data centre only when the first is unreachable", async () => {
    const fake = fakeFetch(
      () => listOf("requests", []),
      (seen) => (seen.url.host === "accounts.zoho.com.cn" ? "refuse" : tokenAnswer("tok-cn")),
    );
    await createSdpClient({ ...ENVLESS, dataCenter: "CN", fetch: fake.fetch }).requests.list();
    expect(fake.tokenCalls.map((c) => c.url.host)).toEqual(["accounts.zoho.com.cn", "accounts.zoho.cn"]);
  });
});

const ENVLESS = {
  clientId: BASE_CONFIG.clientId,
  clientSecret: BASE_CONFIG.clientSecret,
  refreshToken: BASE_CONFIG.refreshToken,
};

describe("adapter mapping configuration", () => {
  it("reads the mapping variables", () => {
    expect(
      resolveSdpHelpdeskOptionsFromEnv({
        SDP_CATEGORY_MAP: "WiFi=Internet - WiFi,Outage=Network>Outage",
        SDP_PRIORITY_MAP: "OutageConfirmed=High,*=Medium",
        SDP_DEFAULT_REQUESTER_EMAIL: "voice@isp.test",
        SDP_TEMPLATE: "Voice Agent Handoff",
        SDP_UDF_CALLER: "udf_sline_1",
        SDP_UDF_OUTAGE_KEY: "udf_sline_2",
        SDP_MATCH_REQUESTER_BY_PHONE: "false",
      }).mapping,
    ).toEqual({
      categoryMap: { WiFi: "Internet - WiFi", Outage: "Network>Outage" },
      priorityMap: { OutageConfirmed: "High", "*": "Medium" },
      defaultRequesterEmail: "voice@isp.test",
      template: "Voice Agent Handoff",
      udfCaller: "udf_sline_1",
      udfOutageKey: "udf_sline_2",
      matchRequesterByPhone: false,
    });
  });

  it.each([
    ["SDP_CATEGORY_MAP", { SDP_CATEGORY_MAP: "WiFi" }],
    ["SDP_DEFAULT_REQUESTER_EMAIL", { SDP_DEFAULT_REQUESTER_EMAIL: "nobody" }],
    ["SDP_UDF_CALLER", { SDP_UDF_CALLER: "udf caller" }],
    ["SDP_MATCH_REQUESTER_BY_PHONE", { SDP_MATCH_REQUESTER_BY_PHONE: "maybe" }],
  ])("names %s when it is malformed", (name, env) => {
    expect(configError(() => resolveSdpHelpdeskOptionsFromEnv(env)).setting).toBe(name);
  });
});
