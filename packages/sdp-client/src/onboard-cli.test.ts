import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { describe, expect, it } from "vitest";
import { fakeFetch, json, listOf, tokenAnswer } from "../test/fixtures/fake-fetch.ts";
import { runOnboardCli } from "./onboard-cli.ts";

function io(env: Record<string, string | undefined>, fetch?: typeof globalThis.fetch) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      env,
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      ...(fetch ? { fetch } : {}),
    },
  };
}

const ENV = { SDP_CLIENT_ID: "1000.id", SDP_CLIENT_SECRET: "secret" };

describe("sdp-oauth-onboard", () => {
  it("exchanges the grant code at the data centre's accounts host and prints the env lines", async () => {
    const fake = fakeFetch(
      () => listOf("requests", []),
      () => json({ access_token: "a", refresh_token: "1000.new-refresh", expires_in: 3600 }),
    );
    const run = io(ENV, fake.fetch);
    expect(await runOnboardCli(["--dc", "eu", "1000.grant"], run.io)).toBe(0);
    expect(fake.tokenCalls[0]?.url.href).toBe("https://accounts.zoho.eu/oauth/v2/token");
    expect(Object.fromEntries(fake.tokenCalls[0]?.form ?? [])).toMatchObject({
      grant_type: "authorization_code",
      code: "1000.grant",
      client_id: "1000.id",
    });
    expect(run.out).toEqual(
      expect.arrayContaining([
        "SDP_DATA_CENTER=EU",
        "SDP_REFRESH_TOKEN=1000.new-refresh",
        "SDP_CLIENT_ID=1000.id",
      ]),
    );
  });

  it("refuses with a clear message on invalid_code", async () => {
    const fake = fakeFetch(
      () => listOf("requests", []),
      () => json({ error: "invalid_code" }),
    );
    const run = io(ENV, fake.fetch);
    expect(await runOnboardCli(["1000.stale"], run.io)).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err.join("\n")).toMatch(/grant code is invalid, expired or already used.*Generate Code/s);
  });

  it("refuses when Zoho answers without a refresh token", async () => {
    const fake = fakeFetch(
      () => listOf("requests", []),
      () => tokenAnswer("access-only"),
    );
    const run = io(ENV, fake.fetch);
    expect(await runOnboardCli(["1000.code"], run.io)).toBe(1);
    expect(run.err.join("\n")).toContain("without a refresh token");
  });

  it("names what is missing before calling Zoho", async () => {
    const fake = fakeFetch(() => listOf("requests", []));
    const run = io({}, fake.fetch);
    expect(await runOnboardCli([], run.io)).toBe(2);
    expect(run.err[0]).toContain(
      "the grant code, SDP_CLIENT_ID (or --client-id), SDP_CLIENT_SECRET (or --client-secret)",
    );
    expect(fake.tokenCalls).toHaveLength(0);
  });

  it("runs as a process against the mock accounts server", async () => {
    const mock = await startSdpMockServer();
    try {
      const script = fileURLToPath(new URL("./onboard-cli.ts", import.meta.url));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          "--conditions=@ispn/source",
          script,
          "--accounts-url",
          mock.accountsUrl,
          mock.oauth.issueGrantCode(),
        ],
        { env: { ...process.env, SDP_CLIENT_ID: "1000.mockclient", SDP_CLIENT_SECRET: "mocksecret" } },
      );
      expect(stdout).toMatch(/^SDP_REFRESH_TOKEN=1000\.\S+$/m);
      expect(stdout).toContain(`SDP_ACCOUNTS_URL=${mock.accountsUrl}`);
    } finally {
      await mock.close();
    }
  });
});
