import { createHmac } from "node:crypto";
import { Writable } from "node:stream";
import { createMemoryStores, type Helpdesk, type Stores } from "@ispn/core";
import { createMockHelpdesk, type MockHelpdesk } from "@ispn/helpdesk-mock";
import { type Runtime, readCommonConfig } from "@ispn/runtime";
import { createApp } from "../src/app.ts";
import { createIngestRuntime } from "../src/compose.ts";
import type { IngestConfig } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { createMetrics, type Metrics } from "../src/metrics.ts";
import { postCallHeaderGate } from "../src/routes/post-call-header-gate.ts";
import type { BeforeApp } from "../src/server.ts";

export const TOKEN = "test-token-0123456789abcdef";
export const OTHER_TOKEN = "rotated-token-0123456789abcdef";
export const HMAC_SECRET = "hmac-secret-0123456789abcdef";
export const EL_SECRET = "wsec_elevenlabs_0123456789";

export const FOUR_LINE =
  "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85";

export interface Harness {
  app: ReturnType<typeof createApp>;
  runtime: Runtime;
  /** The in-process mock; the app uses it unless `options.helpdesk` was given. */
  helpdesk: MockHelpdesk;
  stores: Stores;
  metrics: Metrics;
  config: IngestConfig;
  /** Every log line written, parsed. */
  logs: () => Record<string, unknown>[];
  clock: { now: number };
  draining: { value: boolean };
  /** The check `serve.ts` runs before the app, built from this harness's config, metrics, logs and clock. */
  beforeApp: BeforeApp;
  close(): Promise<void>;
}

/**
 * The ingest config of the tests: memory stores and mock, the test tokens and secrets, a free port,
 * generous rate limits; `overrides` replace fields.
 */
export function testIngestConfig(overrides: Partial<IngestConfig> = {}): IngestConfig {
  return {
    common: readCommonConfig({ STORE_URL: "memory:", MOCK_PERSIST: "memory" }),
    host: "127.0.0.1",
    port: 0,
    ingestTokens: [TOKEN, OTHER_TOKEN],
    generatedToken: false,
    hmacSecrets: [HMAC_SECRET],
    elevenLabsSecrets: [EL_SECRET],
    rateLimitPerSecond: 1000,
    bodyLimitBytes: 8 * 1024,
    webhookBodyLimitBytes: 32 * 1024 * 1024,
    webhookBodyBudgetBytes: 64 * 1024 * 1024,
    handoffBudgetMs: 3000,
    idempotencyTtlMs: 15 * 60_000,
    shutdownTimeoutMs: 5000,
    shutdownDrainDelayMs: 0,
    heapGrowthPercent: 100,
    keepAliveTimeoutMs: 65_000,
    trustProxy: { kind: "none" },
    ...overrides,
  };
}

/** The app over an in-process mock helpdesk and memory stores, with captured logs and a settable clock. */
export async function createHarness(
  overrides: Partial<IngestConfig> = {},
  options: {
    stores?: Stores;
    realClock?: boolean;
    helpdesk?: Helpdesk;
    breaker?: { failures?: number; halfOpenAfterMs?: number };
  } = {},
): Promise<Harness> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger("info", sink);
  const metrics = createMetrics();
  const helpdesk = createMockHelpdesk();
  const stores = options.stores ?? createMemoryStores();
  const config = testIngestConfig(overrides);
  const runtime = await createIngestRuntime({
    config,
    logger,
    metrics,
    helpdesk: options.helpdesk ?? helpdesk,
    stores,
    ...(options.breaker ? { breaker: options.breaker } : {}),
  });
  const clock = { now: Date.now() };
  const draining = { value: false };
  const now = options.realClock ? Date.now : () => clock.now;
  const app = createApp({
    runtime,
    config,
    logger,
    metrics,
    now,
    draining: () => draining.value,
  });
  const beforeApp = postCallHeaderGate({ secrets: config.elevenLabsSecrets, metrics, logger, now });
  return {
    app,
    runtime,
    helpdesk,
    stores,
    metrics,
    config,
    clock,
    draining,
    beforeApp,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    close: () => runtime.close(),
  };
}

export function handoffBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { note: FOUR_LINE, callerNumber: "(415) 555-0123", ...overrides };
}

/** POST JSON to the handoff route with the bearer token unless headers say otherwise. */
export function postHandoff(
  h: Pick<Harness, "app">,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<Response> {
  return Promise.resolve(
    h.app.request("/ingest/oa-handoff", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** HMAC headers as the original bridge signs: `x-timestamp` in seconds or milliseconds, as given. */
export function hmacHeaders(
  raw: string,
  timestamp: number | string,
  secret = HMAC_SECRET,
): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`${timestamp}${raw}`).digest("hex");
  return { "x-signature": `sha256=${signature}`, "x-timestamp": String(timestamp) };
}

export function elevenLabsSignature(
  raw: string,
  timestampSeconds: number,
  secrets: string[] = [EL_SECRET],
): string {
  const v0 = secrets.map(
    (s) => `v0=${createHmac("sha256", s).update(`${timestampSeconds}.${raw}`).digest("hex")}`,
  );
  return [`t=${timestampSeconds}`, ...v0].join(",");
}
