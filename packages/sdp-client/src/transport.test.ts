import { describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  failure,
  fakeFetch,
  json,
  listOf,
  single,
  wireRequest,
} from "../test/fixtures/fake-fetch.ts";
import {
  createSdpClient,
  isSdpError,
  SdpNetworkError,
  type SdpRateLimitError,
  SdpTimeoutError,
  type SdpValidationError,
} from "./index.ts";

const clientWith = (api: Parameters<typeof fakeFetch>[0], more: Record<string, unknown> = {}) => {
  const fake = fakeFetch(api);
  return { fake, client: createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, ...more }) };
};

describe("SDP wire format", () => {
  it("sends the v3 Accept header, and input_data in the query for reads", async () => {
    const { fake, client } = clientWith(() => listOf("requests", []));
    await client.requests.list({ startIndex: 1, rowCount: 10 });
    const [call] = fake.apiCalls;
    expect(call?.headers.get("accept")).toBe("application/vnd.manageengine.sdp.v3+json");
    expect(call?.url.href.startsWith("https://sdp.test/app/itdesk/api/v3/requests?")).toBe(true);
    expect(call?.body).toBe("");
    expect(call?.inputData).toEqual({ list_info: { start_index: 1, row_count: 10 } });
  });

  it("sends input_data as a form body for writes", async () => {
    const { fake, client } = clientWith(() => single({ request: wireRequest("5") }));
    await client.requests.create({ subject: "Modem down – café" });
    const [call] = fake.apiCalls;
    expect(call?.method).toBe("POST");
    expect(call?.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(call?.url.search).toBe("");
    expect(call?.inputData).toEqual({ request: { subject: "Modem down – café" } });
  });

  it("reads response_status as an object or an array", async () => {
    const asArray = json({
      response_status: [{ status_code: 2000, status: "success" }],
      request: wireRequest("1"),
    });
    const { client } = clientWith(() => asArray);
    expect((await client.requests.get("1")).id).toBe("1");
  });

  it("detects a failure inside HTTP 200, in the array form too", async () => {
    const { client } = clientWith(() =>
      json({
        response_status: [
          { status_code: 2000, status: "success" },
          { status_code: 4000, status: "failed", messages: [{ status_code: 4001, field: "priority" }] },
        ],
      }),
    );
    const error = await client.requests.list().catch((e: unknown) => e);
    expect(isSdpError(error, "invalid_value")).toBe(true);
    expect((error as SdpValidationError).fields).toEqual(["priority"]);
  });

  it.each([400, 404, 200])(
    "reports an HTML page with HTTP %i (wrong Accept, unknown portal or path) as misconfigured, naming the settings, unretried",
    async (status) => {
      const { client, fake } = clientWith(() => new Response("<html>Page not found</html>", { status }));
      const error = await client.requests.get("1").catch((e: unknown) => e);
      expect(isSdpError(error, "misconfigured")).toBe(true);
      expect((error as Error).message).toContain("SDP_PORTAL");
      expect((error as Error).message).toContain("SDP_BASE_URL");
      expect(fake.apiCalls).toHaveLength(1);
    },
  );

  it("reports a success of the wrong shape as an unexpected response", async () => {
    const { client } = clientWith(() => single({ request: { subject: "no id" } }));
    expect(isSdpError(await client.requests.get("1").catch((e: unknown) => e), "unexpected_response")).toBe(
      true,
    );
  });
});

describe("SDP error codes", () => {
  const cases: [string, Response, string, Record<string, unknown>][] = [
    [
      "4001 invalid value with the field",
      failure(400, { status_code: 4001, field: "status", message: "Value given for status is not valid" }),
      "invalid_value",
      { fields: ["status"], statusCode: 4001 },
    ],
    [
      "4012 mandatory fields with their names",
      failure(400, { status_code: 4012, fields: ["mode", "urgency"] }),
      "mandatory_missing",
      { fields: ["mode", "urgency"], statusCode: 4012 },
    ],
    [
      "4002 forbidden",
      failure(403, { status_code: 4002, field: "priority" }),
      "forbidden",
      { statusCode: 4002 },
    ],
    [
      "4007 Invalid URL as misconfigured",
      failure(404, { status_code: 4007, message: "Invalid URL" }),
      "misconfigured",
      { statusCode: 4007, settings: ["SDP_BASE_URL", "SDP_PORTAL"] },
    ],
    [
      "4007 resource not found as not found",
      failure(404, { status_code: 4007, message: "Resource not found" }),
      "not_found",
      { statusCode: 4007 },
    ],
    [
      "a 400 with the generic 4000 as invalid, naming the field from the text",
      failure(400, { status_code: 4000, message: "Extra key found in JSON: udf_fields.udf_char2" }),
      "invalid_value",
      { fields: ["udf_fields.udf_char2"] },
    ],
    [
      "a 400 with an unknown code as invalid, with its field",
      failure(400, { status_code: 4099, field: "site" }),
      "invalid_value",
      { fields: ["site"] },
    ],
    [
      "4015 rate limited",
      failure(429, { status_code: 4015 }, { "retry-after": "7" }),
      "rate_limited",
      { retryAfterMs: 7000 },
    ],
    ["a bare 429", new Response("", { status: 429 }), "rate_limited", { retryAfterMs: undefined }],
    ["4004 internal error", failure(500, { status_code: 4004 }), "server", { statusCode: 4004 }],
    ["a 502 page", new Response("<html>bad gateway</html>", { status: 502 }), "server", {}],
  ];
  it.each(cases)("maps %s", async (_, response, code, props) => {
    const { client } = clientWith(() => response.clone(), { retry: { attempts: 1 } });
    const error = await client.requests.create({ subject: "x" }).catch((e: unknown) => e);
    expect(isSdpError(error, code as never)).toBe(true);
    expect(error).toMatchObject(props);
  });

  it("reports a refused connection as a network error that never reached SDP", async () => {
    const { client } = clientWith(() => "refuse", { retry: { attempts: 1 } });
    const error = await client.requests.create({ subject: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpNetworkError);
    expect((error as SdpNetworkError).mayHaveBeenSent).toBe(false);
  });

  it("reports a reset connection as a network error that may have reached SDP", async () => {
    const { client } = clientWith(() => "reset", { retry: { attempts: 1 } });
    const error = await client.requests.create({ subject: "x" }).catch((e: unknown) => e);
    expect((error as SdpNetworkError).mayHaveBeenSent).toBe(true);
  });

  it("times out a call that gets no answer", async () => {
    const { client } = clientWith(() => "hang", { timeoutMs: 30 });
    const error = await client.requests.create({ subject: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdpTimeoutError);
    expect((error as SdpTimeoutError).mayHaveBeenSent).toBe(true);
  });
});

describe("retries", () => {
  const flaky = (...answers: (Response | "refuse")[]) => {
    let i = 0;
    return () => answers[Math.min(i++, answers.length - 1)]!;
  };

  it.each([
    ["a 503", new Response("down", { status: 503 })],
    ["a 429", failure(429, { status_code: 4015 })],
    ["a refused connection", "refuse" as const],
  ])("retries a read after %s and succeeds", async (_, first) => {
    const { fake, client } = clientWith(flaky(first, listOf("requests", [wireRequest("1")])));
    const page = await client.requests.list();
    expect(page.items.map((r) => r.id)).toEqual(["1"]);
    expect(fake.apiCalls).toHaveLength(2);
  });

  it("gives up after the configured attempts", async () => {
    const { fake, client } = clientWith(() => new Response("down", { status: 503 }), {
      retry: { attempts: 3 },
    });
    expect(isSdpError(await client.requests.list().catch((e: unknown) => e), "server")).toBe(true);
    expect(fake.apiCalls).toHaveLength(3);
  });

  it("never retries a read SDP refused as invalid (400 with the generic 4000)", async () => {
    const { fake, client } = clientWith(() =>
      failure(400, { status_code: 4000, message: "Extra key found in JSON: udf_fields.udf_char2" }),
    );
    const error = await client.requests.list().catch((e: unknown) => e);
    expect(isSdpError(error, "invalid_value")).toBe(true);
    expect(fake.apiCalls).toHaveLength(1);
  });

  it("never retries a write on 5xx or a reset connection", async () => {
    const { fake, client } = clientWith(
      flaky(new Response("down", { status: 503 }), single({ request: wireRequest("1") })),
    );
    await expect(client.requests.create({ subject: "x" })).rejects.toMatchObject({ code: "server" });
    expect(fake.apiCalls).toHaveLength(1);
  });

  it("does not wait longer than maxDelayMs: a long Retry-After is reported, not slept", async () => {
    const { fake, client } = clientWith(() => failure(429, { status_code: 4015 }, { "retry-after": "120" }));
    const error = await client.requests.list().catch((e: unknown) => e);
    expect((error as SdpRateLimitError).retryAfterMs).toBe(120_000);
    expect(fake.apiCalls).toHaveLength(1);
  });

  it("spreads retry delays with the injected randomness (full jitter)", async () => {
    const delays: number[] = [];
    const fake = fakeFetch(
      flaky(new Response("", { status: 503 }), new Response("", { status: 503 }), listOf("requests", [])),
    );
    const client = createSdpClient({
      ...BASE_CONFIG,
      fetch: fake.fetch,
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 },
      random: () => 0.5,
      logger: {
        debug() {},
        info() {},
        error() {},
        warn(fields) {
          if (fields.event === "sdp_retry") delays.push(fields.waitMs as number);
        },
      },
    });
    await client.requests.list();
    expect(delays).toEqual([5, 10]);
  });
});
