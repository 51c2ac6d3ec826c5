import { describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  captureLogger,
  failure,
  fakeFetch,
  json,
  listOf,
  single,
  wireRequest,
} from "../test/fixtures/fake-fetch.ts";
import {
  createMemoryTokenCache,
  createSdpClient,
  isSdpError,
  SdpAuthError,
  SdpTokenThrottledError,
} from "./index.ts";

const okList = () => listOf("requests", [], { has_more_rows: false });

describe("Zoho token handling", () => {
  it("mints one token for 50 concurrent calls (single flight) and sends it as Zoho-oauthtoken", async () => {
    const fake = fakeFetch(() => okList());
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    await Promise.all(Array.from({ length: 50 }, () => client.requests.list()));
    expect(fake.tokenCalls).toHaveLength(1);
    expect(fake.apiCalls).toHaveLength(50);
    expect(new Set(fake.apiCalls.map((c) => c.headers.get("authorization")))).toEqual(
      new Set(["Zoho-oauthtoken tok-1"]),
    );
  });

  it("sends the refresh grant as a form body to {accounts}/oauth/v2/token, never in the URL", async () => {
    const fake = fakeFetch(() => okList());
    await createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch }).requests.list();
    const [call] = fake.tokenCalls;
    expect(call?.method).toBe("POST");
    expect(call?.url.href).toBe("https://accounts.test/oauth/v2/token");
    expect(Object.fromEntries(call?.form ?? [])).toEqual({
      grant_type: "refresh_token",
      client_id: "1000.testclient",
      client_secret: "s3cret-value",
      refresh_token: "1000.refresh-value",
    });
  });

  it("keeps the token until its last seconds (not minutes) before expires_in, then mints a new one", async () => {
    let now = 1_000_000;
    const fake = fakeFetch(() => okList());
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, now: () => now });
    await client.requests.list();
    now += 59 * 60_000 + 49_000; // 11 s before the end of a 60 min token: still used
    await client.requests.list();
    expect(fake.tokenCalls).toHaveLength(1);
    now += 11_000; // expires_in reached
    await client.requests.list();
    expect(fake.tokenCalls).toHaveLength(2);
    expect(fake.apiCalls.at(-1)?.headers.get("authorization")).toBe("Zoho-oauthtoken tok-2");
  });

  it("on 401 drops the token, refreshes once and retries the call once", async () => {
    const fake = fakeFetch((seen) =>
      seen.headers.get("authorization") === "Zoho-oauthtoken tok-1"
        ? failure(401, { status_code: 4022, message: "OAuth token expired" })
        : single({ request: wireRequest("11") }),
    );
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    const request = await client.requests.get("11");
    expect(request.id).toBe("11");
    expect(fake.tokenCalls).toHaveLength(2);
    expect(fake.apiCalls).toHaveLength(2);
  });

  it("retries a write once after 401 too (SDP did nothing), and not twice", async () => {
    const fake = fakeFetch(() => failure(401, { status_code: 4022, message: "UNAUTHORISED" }));
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    const error = await client.requests.create({ subject: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpAuthError);
    expect((error as Error).message).toContain(
      "SDPOnDemand.requests.ALL,SDPOnDemand.setup.READ,SDPOnDemand.users.READ",
    );
    expect(fake.apiCalls).toHaveLength(2);
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it("after a refreshed token is refused too (missing scope), stops minting for that resource", async () => {
    const fake = fakeFetch((seen) =>
      seen.path === "/request_templates"
        ? failure(401, { status_code: 4022, message: "UNAUTHORISED" })
        : listOf("requests", [], { has_more_rows: false }),
    );
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    await client.requests.list();
    await expect(client.metadata.list("request_templates")).rejects.toBeInstanceOf(SdpAuthError);
    expect(fake.tokenCalls).toHaveLength(2);
    await expect(client.metadata.list("request_templates")).rejects.toBeInstanceOf(SdpAuthError);
    await client.requests.list();
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it("reports invalid_code on HTTP 200 as an auth error telling to run the onboarding command", async () => {
    const fake = fakeFetch(
      () => okList(),
      () => json({ error: "invalid_code" }),
    );
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    const error = await client.requests.list().catch((e: unknown) => e);
    expect(isSdpError(error, "auth")).toBe(true);
    expect((error as Error).message).toMatch(/SDP_REFRESH_TOKEN is invalid or revoked/);
    expect((error as Error).message).toContain("sdp-oauth-onboard");
    expect(fake.apiCalls).toHaveLength(0);
  });

  it.each([200, 400])(
    "surfaces the Access Denied throttle (HTTP %i) and backs off instead of hammering",
    async (status) => {
      let now = 5_000_000;
      const fake = fakeFetch(
        () => okList(),
        () =>
          json(
            {
              error_description:
                "You have made too many requests continuously. Please try again after some time.",
              error: "Access Denied",
              status: "failure",
            },
            status,
          ),
      );
      const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, now: () => now });
      const first = await client.requests.list().catch((e: unknown) => e);
      expect(first).toBeInstanceOf(SdpTokenThrottledError);
      expect((first as Error).message).toMatch(/[Ww]ait/);
      expect((first as SdpTokenThrottledError).retryAfterMs).toBeGreaterThan(0);
      now += 10_000;
      const second = await client.requests.list().catch((e: unknown) => e);
      expect(second).toBeInstanceOf(SdpTokenThrottledError);
      expect(fake.tokenCalls).toHaveLength(1);
      now += 60_000;
      await client.requests.list().catch(() => undefined);
      expect(fake.tokenCalls).toHaveLength(2);
    },
  );

  it("shares one token across clients (processes) that share a TokenCache", async () => {
    const fake = fakeFetch(() => okList());
    const tokenCache = createMemoryTokenCache();
    const a = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, tokenCache });
    const b = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, tokenCache });
    await Promise.all([a.requests.list(), b.requests.list(), a.requests.list(), b.requests.list()]);
    expect(fake.tokenCalls).toHaveLength(1);
  });

  it("re-checks the shared cache under the lock, so a waiting process uses the token another minted", async () => {
    const fake = fakeFetch(() => okList());
    const tokenCache = createMemoryTokenCache();
    await tokenCache.set("shared", { accessToken: "tok-from-elsewhere", expiresAt: Date.now() + 3_600_000 });
    const client = createSdpClient({
      ...BASE_CONFIG,
      fetch: fake.fetch,
      tokenCache,
      tokenCacheKey: "shared",
    });
    await client.requests.list();
    expect(fake.tokenCalls).toHaveLength(0);
    expect(fake.apiCalls[0]?.headers.get("authorization")).toBe("Zoho-oauthtoken tok-from-elsewhere");
  });

  it("never logs the token, the refresh token or the client secret", async () => {
    const { logger, lines } = captureLogger();
    const fake = fakeFetch(() => failure(401, { status_code: 4022 }));
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, logger });
    await client.requests.list().catch(() => undefined);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ["tok-1", "tok-2", "1000.refresh-value", "s3cret-value"]) {
      expect(lines.join("\n")).not.toContain(secret);
    }
  });
});
