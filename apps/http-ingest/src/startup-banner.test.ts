import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, postHandoff } from "../test/harness.ts";
import { createApp } from "./app.ts";
import { readIngestConfig } from "./env.ts";
import { createLogger } from "./logger.ts";
import { startupBanner } from "./startup-banner.ts";

const URL = "http://127.0.0.1:3000";
const BASE_ENV = { STORE_URL: "memory:", MOCK_PERSIST: "memory" };

describe("the start-up banner", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("never prints a configured ingest token: its requests read $INGEST_TOKEN", async () => {
    const secrets = ["prod-token-aaaaaaaaaaaaaaaa", "rotating-token-bbbbbbbbbbbbbb"];
    for (const helpdesk of ["mock", "sdp"]) {
      const config = readIngestConfig({
        ...BASE_ENV,
        HELPDESK: helpdesk,
        INGEST_TOKENS: secrets.join(","),
        SDP_CLIENT_ID: "1000.CLIENT",
        SDP_CLIENT_SECRET: "client-secret",
        SDP_REFRESH_TOKEN: "refresh-token",
      });
      h = await createHarness(config);
      const banner = startupBanner(URL, config, {
        ...h.runtime,
        helpdesk: { ...h.runtime.helpdesk, kind: helpdesk },
      });
      for (const secret of [...secrets, "client-secret", "refresh-token"])
        expect(banner).not.toContain(secret);
      expect(banner).toContain('-H "Authorization: Bearer $INGEST_TOKEN"');
      expect(banner).toContain("one of INGEST_TOKENS (not shown)");
      await h.close();
      h = undefined;
    }
  });

  it("in the demo prints the generated token, the ticket pages, and two calls of one caller that make one ticket", async () => {
    const config = readIngestConfig(BASE_ENV);
    expect(config.generatedToken).toBe(true);
    const token = config.ingestTokens[0]!;
    h = await createHarness(config);
    const banner = startupBanner(URL, config, { ...h.runtime, mock: h.helpdesk });
    expect(banner).toContain(`ingest token (generated for this run; set INGEST_TOKENS to fix one): ${token}`);
    // The printed ticket link signs the browser in (the pages need the token), then shows the pages.
    const link = /tickets: (\S+)/.exec(banner)![1]!;
    expect(link).toBe(`${URL}/?token=${token}`);
    const app = createApp({
      runtime: { ...h.runtime, mock: h.helpdesk },
      config,
      logger: createLogger("silent"),
      metrics: h.metrics,
    });
    const signIn = await app.request(link.slice(URL.length));
    expect(signIn.status).toBe(303);
    const pages = await app.request("/", {
      headers: { cookie: signIn.headers.get("set-cookie")!.split(";")[0]! },
    });
    expect(pages.status).toBe(200);

    // Run the two printed requests as a user would paste them.
    const requests = banner.split("\n  curl -s ").slice(1);
    expect(requests).toHaveLength(2);
    const answers = [];
    for (const request of requests) {
      expect(request).toMatch(new RegExp(`^${URL}/ingest/oa-handoff `));
      expect(request).toContain(`-H "Authorization: Bearer ${token}"`);
      const body = JSON.parse(/-d '(.+)'/.exec(request)![1]!) as Record<string, string>;
      const response = await postHandoff(h, body, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      answers.push({ body, answer: (await response.json()) as Record<string, unknown> });
    }
    const [first, second] = answers;
    expect(first!.body.callerNumber).toBe(second!.body.callerNumber);
    expect(first!.body.conversationId).not.toBe(second!.body.conversationId);
    expect(first!.answer).toMatchObject({ outcome: "created", created: true });
    expect(second!.answer).toMatchObject({
      outcome: "existing",
      created: false,
      ticketId: first!.answer.ticketId,
    });
  });
});
