import { describe, expect, it } from "vitest";
import { type Body, CLIENT, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

describe("Zoho token endpoint", () => {
  it("mints an access token from the refresh token with Zoho's JSON, from a form body or the query", async () => {
    const f = await sdpFixture();
    const fromForm = await f.mint();
    expect(fromForm).toEqual({
      access_token: expect.stringMatching(/^1000\./),
      api_domain: "https://www.zohoapis.com",
      token_type: "Bearer",
      expires_in: 3600,
    });
    const query = new URLSearchParams({
      ...CLIENT,
      grant_type: "refresh_token",
      refresh_token: "1000.mockrefresh",
    });
    const res = await f.app.request(`/oauth/v2/token?${query}`, { method: "POST" });
    expect(((await res.json()) as Body).access_token).toMatch(/^1000\./);
    expect(f.oauth.tokenRequests()).toBe(3);
  });

  it("exchanges a grant code once for a refresh token that then works", async () => {
    const f = await sdpFixture();
    const code = f.oauth.issueGrantCode();
    const exchanged = await f.mint({ grant_type: "authorization_code", code });
    expect(exchanged).toMatchObject({
      refresh_token: expect.stringMatching(/^1000\./),
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(await f.mint({ grant_type: "authorization_code", code })).toEqual({ error: "invalid_code" });
    const refreshed = await f.mint({ refresh_token: exchanged.refresh_token });
    expect(refreshed.access_token).toMatch(/^1000\./);
    expect(refreshed).not.toHaveProperty("refresh_token");
  });

  it("answers HTTP 200 with invalid_code for a bad or revoked refresh token, and names a bad client", async () => {
    const f = await sdpFixture();
    const bad = await f.app.request("/oauth/v2/token", {
      method: "POST",
      body: new URLSearchParams({ ...CLIENT, grant_type: "refresh_token", refresh_token: "1000.wrong" }),
    });
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ error: "invalid_code" });
    f.oauth.revokeRefreshToken("1000.mockrefresh");
    expect(await f.mint()).toEqual({ error: "invalid_code" });
    expect((await f.call("GET", "/requests")).status).toBe(401);
    expect(await f.mint({ client_secret: "nope" })).toEqual({ error: "invalid_client_secret" });
    expect(await f.mint({ client_id: "1000.other" })).toEqual({ error: "invalid_client" });
  });

  it("throttles after 10 mints in 10 minutes, and mints again once the window has passed", async () => {
    let clock = 1_000_000;
    const f = await sdpFixture({ now: () => clock });
    for (let i = 0; i < 9; i++) {
      clock += 1000;
      expect((await f.mint()).access_token).toMatch(/^1000\./);
    }
    const res = await f.app.request("/oauth/v2/token", {
      method: "POST",
      body: new URLSearchParams({
        ...CLIENT,
        grant_type: "refresh_token",
        refresh_token: "1000.mockrefresh",
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      error_description: "You have made too many requests continuously. Please try again after some time.",
      error: "Access Denied",
      status: "failure",
    });
    clock += 590_000;
    expect((await f.mint()).error).toBe("Access Denied");
    clock += 10_000;
    expect((await f.mint()).access_token).toMatch(/^1000\./);
  });

  it("can answer the throttle with HTTP 400", async () => {
    const f = await sdpFixture({ mintLimit: { max: 1, windowMs: 60_000, httpStatus: 400 } });
    const res = await f.app.request("/oauth/v2/token", {
      method: "POST",
      body: new URLSearchParams({
        ...CLIENT,
        grant_type: "refresh_token",
        refresh_token: "1000.mockrefresh",
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body).error).toBe("Access Denied");
  });

  it("access tokens expire after their lifetime, and on demand, so the API answers 401", async () => {
    let clock = 5_000_000;
    const f = await sdpFixture({ now: () => clock, tokenLifetimeSec: 60 });
    expect((await f.call("GET", "/requests")).status).toBe(200);
    clock += 60_000;
    const expired = await f.json("GET", "/requests");
    expect(expired.status).toBe(401);
    expect(expired.body.response_status.messages[0]).toMatchObject({
      status_code: 4022,
      message: "OAuth token expired",
    });
    const fresh = (await f.mint()).access_token;
    const headers = {
      accept: "application/vnd.manageengine.sdp.v3+json",
      authorization: `Zoho-oauthtoken ${fresh}`,
    };
    expect((await f.app.request("/api/v3/requests", { headers })).status).toBe(200);
    f.oauth.expireAccessTokens();
    expect((await f.app.request("/api/v3/requests", { headers })).status).toBe(401);
  });
});
