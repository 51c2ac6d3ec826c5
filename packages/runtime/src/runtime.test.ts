import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@ispn/core";
import { afterAll, describe, expect, it } from "vitest";
import { readCommonConfig } from "./common-config.ts";
import { type ConfigError, type ConfigProblem, isConfigError } from "./config-error.ts";
import { createRuntime } from "./create-runtime.ts";
import { defaultDataDir } from "./data-dir.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handoff = {
  note: "Category: Speed\nReason: TwoStepsNoResolve\nSummary: Slow every evening\nConfidence: 0.8",
  callerNumber: "+14155550123",
};

const SDP_ENV = {
  HELPDESK: "sdp",
  SDP_CLIENT_ID: "1000.id",
  SDP_CLIENT_SECRET: "secret",
  SDP_REFRESH_TOKEN: "1000.refresh",
};

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("runtime", () => {
  it("puts the default SQLite store and mock tickets in the per-user data directory", () => {
    expect(defaultDataDir({}, "linux", "/home/ana")).toBe("/home/ana/.local/share/ispn-helpdesk-bridge");
    expect(defaultDataDir({ XDG_DATA_HOME: "/xdg" }, "linux", "/home/ana")).toBe("/xdg/ispn-helpdesk-bridge");
    expect(defaultDataDir({}, "darwin", "/Users/ana")).toBe(
      "/Users/ana/Library/Application Support/ispn-helpdesk-bridge",
    );
    const config = readCommonConfig({ DATA_DIR: dir });
    expect(config.store).toEqual({ kind: "sqlite", path: join(dir, "bridge.sqlite") });
    expect(config.helpdesk).toEqual({
      kind: "mock",
      persistPath: join(dir, "mock-helpdesk.sqlite"),
      baseUrl: "http://localhost:3000",
    });
  });

  it("two runtimes over one data directory (two apps on a host) share tickets and dedup", async () => {
    const env = { DATA_DIR: dir };
    const a = await createRuntime({ config: readCommonConfig(env), logger: silentLogger });
    const b = await createRuntime({ config: readCommonConfig(env), logger: silentLogger });
    const prepared = a.prepare(handoff);
    if (!prepared.ok) throw new Error("fixture");
    const first = await a.handoffs.submit(prepared.value);
    const second = await b.handoffs.submit(prepared.value);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, ticketId: first.ticketId });
    expect((await b.helpdesk.listNotes(first.ticketId)).items).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it("with HELPDESK=sdp and nothing else, one ConfigError names every missing SDP variable", () => {
    const error = configErrorOf(() => readCommonConfig({ HELPDESK: "sdp" }));
    expect(error.problems.map((p) => p.variable)).toEqual([
      "SDP_CLIENT_ID",
      "SDP_CLIENT_SECRET",
      "SDP_REFRESH_TOKEN",
    ]);
    expect(error.message).toBe(
      [
        "Invalid configuration:",
        "  SDP_CLIENT_ID: is required (the Zoho API console client id, 1000.…)",
        "  SDP_CLIENT_SECRET: is required (the Zoho API console client secret)",
        "  SDP_REFRESH_TOKEN: is required (run sdp-oauth-onboard to get one)",
      ].join("\n"),
    );
  });

  it("reports the shared and the SDP problems together, each saying what is wrong", () => {
    const problems: ConfigProblem[] = [];
    readCommonConfig(
      {
        HELPDESK: "sdp",
        LOG_LEVEL: "loud",
        STORE_URL: "mongodb://x",
        SDP_CLIENT_ID: "1000.id",
        SDP_DATA_CENTER: "MARS",
        SDP_TIMEOUT_MS: "10s",
        SDP_CATEGORY_MAP: "WiFi",
        SDP_MATCH_REQUESTER_BY_PHONE: "maybe",
      },
      problems,
    );
    expect(Object.fromEntries(problems.map((p) => [p.variable, p.message]))).toEqual({
      STORE_URL: expect.stringContaining('"mongodb://x" is not a store URL'),
      SDP_DATA_CENTER: expect.stringContaining('got "MARS"'),
      SDP_TIMEOUT_MS: 'must be a whole number of milliseconds; got "10s"',
      SDP_CLIENT_SECRET: expect.stringContaining("is required"),
      SDP_REFRESH_TOKEN: expect.stringContaining("is required"),
      SDP_CATEGORY_MAP: expect.stringContaining('entry "WiFi" is not Key=Value'),
      SDP_MATCH_REQUESTER_BY_PHONE: 'must be true or false; got "maybe"',
      LOG_LEVEL: expect.stringContaining('"loud" is not one of'),
    });
  });

  it("reads the breaker and delivery settings, and names a bad one with the others", () => {
    expect(readCommonConfig({}).resilience).toEqual({
      breakerFailures: 5,
      breakerCooldownMs: 10_000,
      deliveryPaceMs: 100,
      deliveryConcurrency: 4,
      noteDigestMs: 10_000,
    });
    const problems: ConfigProblem[] = [];
    const config = readCommonConfig(
      {
        HELPDESK_BREAKER_FAILURES: "0",
        HELPDESK_BREAKER_COOLDOWN_MS: "2000",
        OUTBOX_DELIVERY_CONCURRENCY: "lots",
      },
      problems,
    );
    expect(config.resilience.breakerCooldownMs).toBe(2000);
    expect(problems.map((p) => p.variable).sort()).toEqual([
      "HELPDESK_BREAKER_FAILURES",
      "OUTBOX_DELIVERY_CONCURRENCY",
    ]);
  });

  it("builds the SDP helpdesk from the validated config alone, without the environment", async () => {
    const config = readCommonConfig({ ...SDP_ENV, STORE_URL: "memory:", SDP_UDF_MARKER: "udf_marker" });
    expect(config.helpdesk).toEqual({
      kind: "sdp",
      sdp: {
        client: { clientId: "1000.id", clientSecret: "secret", refreshToken: "1000.refresh" },
        mapping: { udfMarker: "udf_marker" },
      },
    });
    const runtime = await createRuntime({ config, logger: silentLogger });
    expect(runtime.helpdesk.kind).toBe("sdp");
    await runtime.close();
  });

  it("uses the deployment's taxonomy and phone region when validating", async () => {
    const env = {
      STORE_URL: "memory:",
      MOCK_PERSIST: "memory",
      EXTRA_CATEGORIES: "Fiber",
      DEFAULT_PHONE_REGION: "GB",
    };
    const runtime = await createRuntime({ config: readCommonConfig(env), logger: silentLogger });
    const prepared = runtime.prepare({ ...handoff, category: "fiber", callerNumber: "020 7946 0958" });
    expect(prepared.ok && prepared.value).toMatchObject({ category: "Fiber", callerNumber: "+442079460958" });
    await runtime.close();
  });
});
