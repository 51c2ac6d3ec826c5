import { isConfigError } from "@ispn/runtime";
import { describe, expect, it } from "vitest";
import { readIngestConfig } from "./env.ts";

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    readIngestConfig(env);
  } catch (error) {
    if (isConfigError(error)) return Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));
    throw error;
  }
  return {};
}

describe("readIngestConfig", () => {
  it("defaults to the mock helpdesk, SQLite in the data directory and port 3000, with a generated dev token", () => {
    const config = readIngestConfig({ DATA_DIR: "/tmp/ispn-env-test" });
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(
      readIngestConfig({
        HELPDESK: "sdp",
        INGEST_TOKENS: "0123456789abcdef0123",
        SDP_CLIENT_ID: "1000.id",
        SDP_CLIENT_SECRET: "secret",
        SDP_REFRESH_TOKEN: "1000.refresh",
      }).host,
    ).toBe("0.0.0.0");
    expect(config.common.helpdesk.kind).toBe("mock");
    expect(config.common.store).toEqual({ kind: "sqlite", path: "/tmp/ispn-env-test/bridge.sqlite" });
    expect(config.generatedToken).toBe(true);
    expect(config.ingestTokens[0]).toMatch(/^dev-[0-9a-f]{32}$/);
    expect(config.handoffBudgetMs).toBeLessThan(20_000);
    expect(config.idempotencyTtlMs).toBe(15 * 60_000);
    expect(config.heapGrowthPercent).toBe(100);
    expect(config.keepAliveTimeoutMs).toBe(65_000);
    expect(readIngestConfig({ HEAP_GROWTH_PERCENT: "0" }).heapGrowthPercent).toBe(0);
  });

  it("names every bad variable and says what is wrong", () => {
    const problems = problemsOf({
      PORT: "eighty",
      STORE_URL: "mongodb://x",
      HELPDESK: "zendesk",
      RATE_LIMIT_PER_SECOND: "-1",
      HANDOFF_BUDGET_MS: "25000",
      DEFAULT_PHONE_REGION: "USA",
      INGEST_TOKENS: "short",
      HEAP_GROWTH_PERCENT: "double",
    });
    expect(Object.keys(problems).sort()).toEqual(
      [
        "DEFAULT_PHONE_REGION",
        "HANDOFF_BUDGET_MS",
        "HEAP_GROWTH_PERCENT",
        "HELPDESK",
        "INGEST_TOKENS",
        "PORT",
        "RATE_LIMIT_PER_SECOND",
        "STORE_URL",
      ].sort(),
    );
    expect(problems.PORT).toContain('"eighty" is not a whole number');
    expect(problems.STORE_URL).toContain("redis://");
    expect(problems.HANDOFF_BUDGET_MS).toContain("19000");
    expect(problems.HEAP_GROWTH_PERCENT).toBe('"double" is not a whole number from 0 to 1000');
  });

  it("reads TRUST_PROXY as hops or trusted addresses; a bare true is one hop, never the left-most entry", () => {
    const trust = (value: string) =>
      readIngestConfig({ DATA_DIR: "/tmp/ispn-env-test", TRUST_PROXY: value }).trustProxy;
    expect(trust("false")).toEqual({ kind: "none" });
    expect(trust("true")).toEqual({ kind: "hops", hops: 1 });
    expect(trust("2")).toEqual({ kind: "hops", hops: 2 });
    expect(trust("loopback, 10.0.0.0/8")).toEqual({
      kind: "addresses",
      addresses: ["loopback", "10.0.0.0/8"],
    });
    const problems = problemsOf({ DATA_DIR: "/tmp/ispn-env-test", TRUST_PROXY: "loopback,10.0.0.0/33" });
    expect(problems.TRUST_PROXY).toContain('"10.0.0.0/33"');
    expect(problems.TRUST_PROXY).toContain("number of proxy hops");
  });

  it("requires ingest credentials and SDP settings when HELPDESK=sdp, all in one error; PORT has a default", () => {
    const problems = problemsOf({ HELPDESK: "sdp" });
    expect(Object.keys(problems)).toEqual([
      "SDP_CLIENT_ID",
      "SDP_CLIENT_SECRET",
      "SDP_REFRESH_TOKEN",
      "INGEST_TOKENS",
    ]);
    expect(problems.INGEST_TOKENS).toContain("openssl rand");
    expect(problems.SDP_CLIENT_ID).toContain("is required");
  });

  it("reports wrong SDP values together with the app's own", () => {
    const problems = problemsOf({
      HELPDESK: "sdp",
      PORT: "eighty",
      INGEST_TOKENS: "0123456789abcdef0123",
      SDP_CLIENT_ID: "1000.id",
      SDP_CLIENT_SECRET: "secret",
      SDP_REFRESH_TOKEN: "1000.refresh",
      SDP_BASE_URL: "helpdesk.example.com",
      SDP_PRIORITY_MAP: "High",
    });
    expect(problems).toEqual({
      SDP_BASE_URL: "must be an http(s) URL",
      SDP_PRIORITY_MAP: expect.stringContaining('entry "High" is not Key=Value'),
      PORT: expect.stringContaining('"eighty" is not a whole number'),
    });
  });
});
