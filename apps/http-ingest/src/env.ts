import { randomBytes } from "node:crypto";
import {
  assertNoProblems,
  type CommonConfig,
  type ConfigProblem,
  readCommonConfig,
  readList,
  readNumber,
} from "@ispn/runtime";
import { type McpHttpConfig, readMcpHttpConfig } from "./mcp/mcp-config.ts";
import { parseTrustProxy, type TrustProxy } from "./trust-proxy.ts";

/** Everything http-ingest reads from the environment; the only place that reads `process.env`. */
export interface IngestConfig {
  common: CommonConfig;
  host: string;
  port: number;
  /** Accepted bearer / x-auth-token values (several during rotation). */
  ingestTokens: string[];
  /** True when the token was generated at start-up because none was configured (mock helpdesk only). */
  generatedToken: boolean;
  /** Shared secrets for `x-signature: sha256=…` request signing (several during rotation). */
  hmacSecrets: string[];
  /** ElevenLabs post-call webhook secrets (several during rotation). */
  elevenLabsSecrets: string[];
  rateLimitPerSecond: number;
  bodyLimitBytes: number;
  /** Body limit of the ElevenLabs webhook: transcripts are large, audio events larger. */
  webhookBodyLimitBytes: number;
  /**
   * Bytes of webhook bodies being read before their signature is verified, across all concurrent
   * requests; a body that does not fit is refused (503, Retry-After) before it is read.
   */
  webhookBodyBudgetBytes: number;
  /** Time allowed for a handoff end to end before answering 503, below ElevenLabs' 20 s tool timeout. */
  handoffBudgetMs: number;
  idempotencyTtlMs: number;
  shutdownTimeoutMs: number;
  /** After SIGTERM, how long readiness answers 503 before the listener closes (for load balancers). */
  shutdownDrainDelayMs: number;
  /**
   * How far V8 may grow the heap past what the last full collection kept, in percent
   * (`HEAP_GROWTH_PERCENT`, 100: to twice); 0 leaves V8's own factor. See `heap-growth.ts`.
   */
  heapGrowthPercent: number;
  /**
   * How long an idle keep-alive connection stays open (`KEEP_ALIVE_TIMEOUT_MS`, 65 s): above the
   * idle timeout of any proxy in front, so the proxy, not the server, closes idle connections.
   */
  keepAliveTimeoutMs: number;
  /** Which proxies may name the client in X-Forwarded-For (`TRUST_PROXY`); see `trust-proxy.ts`. */
  trustProxy: TrustProxy;
  /** Remote MCP at `/mcp` (on when MCP tokens are configured). */
  mcp?: McpHttpConfig;
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws `ConfigError` naming every bad variable. */
export function readIngestConfig(env: Env = process.env): IngestConfig {
  const problems: ConfigProblem[] = [];
  const common = readCommonConfig(env, problems);
  // The mock helpdesk is a demo (its pages show caller numbers): keep it on this machine unless told.
  const host = env.HOST?.trim() || (common.helpdesk.kind === "mock" ? "127.0.0.1" : "0.0.0.0");
  const port = readNumber(env, "PORT", 3000, problems, { min: 0, max: 65535 });
  let ingestTokens = readList(env, "INGEST_TOKENS");
  const hmacSecrets = readList(env, "INGEST_HMAC_SECRETS");
  for (const [variable, values] of [
    ["INGEST_TOKENS", ingestTokens],
    ["INGEST_HMAC_SECRETS", hmacSecrets],
  ] as const) {
    if (values.some((v) => v.length < 16))
      problems.push({ variable, message: "each value must be at least 16 characters" });
  }
  let generatedToken = false;
  if (ingestTokens.length === 0 && hmacSecrets.length === 0) {
    if (common.helpdesk.kind === "sdp") {
      problems.push({
        variable: "INGEST_TOKENS",
        message:
          "set INGEST_TOKENS (or INGEST_HMAC_SECRETS) when HELPDESK=sdp; generate one with: openssl rand -hex 32",
      });
    } else {
      ingestTokens = [`dev-${randomBytes(16).toString("hex")}`];
      generatedToken = true;
    }
  }
  const elevenLabsSecrets = readList(env, "ELEVENLABS_WEBHOOK_SECRETS");
  const trust = parseTrustProxy(env.TRUST_PROXY);
  if ("problem" in trust) problems.push({ variable: "TRUST_PROXY", message: trust.problem });
  const config: IngestConfig = {
    common,
    host,
    port,
    ingestTokens,
    generatedToken,
    hmacSecrets,
    elevenLabsSecrets,
    rateLimitPerSecond: readNumber(env, "RATE_LIMIT_PER_SECOND", 10, problems, { min: 1, max: 100_000 }),
    bodyLimitBytes: readNumber(env, "BODY_LIMIT_BYTES", 64 * 1024, problems, {
      min: 1024,
      max: 10 * 1024 * 1024,
    }),
    webhookBodyLimitBytes: readNumber(env, "WEBHOOK_BODY_LIMIT_BYTES", 32 * 1024 * 1024, problems, {
      min: 64 * 1024,
      max: 256 * 1024 * 1024,
    }),
    webhookBodyBudgetBytes: readNumber(env, "WEBHOOK_BODY_BUDGET_BYTES", 64 * 1024 * 1024, problems, {
      min: 64 * 1024,
      max: 4 * 1024 * 1024 * 1024,
    }),
    handoffBudgetMs: readNumber(env, "HANDOFF_BUDGET_MS", 12_000, problems, { min: 500, max: 19_000 }),
    idempotencyTtlMs:
      readNumber(env, "IDEMPOTENCY_TTL_SECONDS", 900, problems, { min: 1, max: 7 * 86_400 }) * 1000,
    shutdownTimeoutMs: readNumber(env, "SHUTDOWN_TIMEOUT_MS", 30_000, problems, { min: 0, max: 600_000 }),
    shutdownDrainDelayMs: readNumber(env, "SHUTDOWN_DRAIN_DELAY_MS", 0, problems, { min: 0, max: 120_000 }),
    keepAliveTimeoutMs: readNumber(env, "KEEP_ALIVE_TIMEOUT_MS", 65_000, problems, {
      min: 1000,
      max: 3_600_000,
    }),
    heapGrowthPercent: readNumber(env, "HEAP_GROWTH_PERCENT", 100, problems, { min: 0, max: 1000 }),
    trustProxy: "problem" in trust ? { kind: "none" } : trust,
    mcp: readMcpHttpConfig(env, problems, { host, port }),
  };
  if (config.webhookBodyBudgetBytes < config.webhookBodyLimitBytes)
    problems.push({
      variable: "WEBHOOK_BODY_BUDGET_BYTES",
      message: `must be at least WEBHOOK_BODY_LIMIT_BYTES (${config.webhookBodyLimitBytes}), or no body of that size could ever be read`,
    });
  assertNoProblems(problems);
  return config;
}
