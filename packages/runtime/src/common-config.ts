import { isAbsolute, join, resolve } from "node:path";
import { createTaxonomy, isPhoneRegion, type Taxonomy, type TokenKeys } from "@ispn/core";
import { readSdpEnv, type SdpSettings } from "@ispn/sdp-client/env";
import { ConfigError, type ConfigProblem } from "./config-error.ts";
import { defaultDataDir } from "./data-dir.ts";
import { readTokenKeys } from "./token-keys-config.ts";

/** Where the stores live. */
export type StoreConfig =
  | { kind: "memory" }
  | { kind: "sqlite"; path: string }
  | { kind: "redis"; url: string; keyPrefix: string };

/**
 * Which helpdesk to talk to. With SDP, every `SDP_*` setting is read and validated here, with the
 * rest of the configuration; `sdp` holds credentials, so never log it.
 */
export type HelpdeskConfig =
  | { kind: "mock"; persistPath: string | undefined; baseUrl: string }
  | { kind: "sdp"; sdp: SdpSettings };

/** The settings both apps share, under the same variable names. */
export interface CommonConfig {
  dataDir: string;
  store: StoreConfig;
  helpdesk: HelpdeskConfig;
  /**
   * Encrypt cached SDP tokens at rest (`TOKEN_ENCRYPTION_KEY`, `TOKEN_ENCRYPTION_OLD_KEYS`). Secret:
   * never log. `undefined`: the SQLite store uses its generated key file.
   */
  tokenKeys: TokenKeys | undefined;
  dedupWindowMs: number;
  /**
   * `OUTAGE_TICKETS`: what a handoff with an outage key lands on. "request" (default): every caller
   * joins one request. "problem": the outage gets one problem and each caller a request of their
   * own linked to it.
   */
  outageTickets: "request" | "problem";
  /** The circuit breaker in front of the helpdesk, and the pace of outbox deliveries. */
  resilience: {
    breakerFailures: number;
    breakerCooldownMs: number;
    deliveryPaceMs: number;
    deliveryConcurrency: number;
    /** Coalesced notes: callers joining one ticket closer than this share a digest note (0: off). */
    noteDigestMs: number;
  };
  defaultPhoneRegion: string;
  taxonomy: Taxonomy;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /**
   * `MCP_ACTOR_NAME`: the name the MCP audit log gives writes that come without an authenticated
   * person (stdio: the desktop user). Unset: the OS user's name.
   */
  mcpActorName?: string;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Reads a positive number, recording a problem when the variable is set but wrong. */
export function readNumber(
  env: Env,
  variable: string,
  fallback: number,
  problems: ConfigProblem[],
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  const { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true } = range;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    problems.push({
      variable,
      message: `"${raw}" is not ${integer ? "a whole number" : "a number"} from ${min} to ${max}`,
    });
    return fallback;
  }
  return value;
}

/** Splits a comma-separated list, dropping empty items. */
export function readList(env: Env, variable: string): string[] {
  return (env[variable] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function readStore(env: Env, dataDir: string, problems: ConfigProblem[]): StoreConfig {
  const raw = env.STORE_URL?.trim() || "sqlite:";
  const keyPrefix = env.REDIS_KEY_PREFIX?.trim() || "ispn:";
  if (raw === "memory:" || raw === "memory") return { kind: "memory" };
  if (raw.startsWith("redis://") || raw.startsWith("rediss://"))
    return { kind: "redis", url: raw, keyPrefix };
  if (raw.startsWith("sqlite:")) {
    const rest = raw.slice("sqlite:".length).replace(/^\/\//, "");
    const path = rest === "" ? join(dataDir, "bridge.sqlite") : isAbsolute(rest) ? rest : resolve(rest);
    return { kind: "sqlite", path };
  }
  problems.push({
    variable: "STORE_URL",
    message: `"${raw}" is not a store URL; use sqlite: (default, in DATA_DIR), sqlite:/path/to/file.sqlite, memory: or redis://host:6379`,
  });
  return { kind: "sqlite", path: join(dataDir, "bridge.sqlite") };
}

function readHelpdesk(env: Env, dataDir: string, problems: ConfigProblem[]): HelpdeskConfig {
  const kind = (env.HELPDESK?.trim() || "mock").toLowerCase();
  if (kind === "sdp") {
    const read = readSdpEnv(env);
    if (read.ok) return { kind: "sdp", sdp: read.value };
    for (const issue of read.issues) problems.push({ variable: issue.path, message: issue.message });
    // Never used: start-up stops on the problems above.
    return {
      kind: "sdp",
      sdp: { client: { clientId: "", clientSecret: "", refreshToken: "" }, mapping: {} },
    };
  }
  if (kind !== "mock") {
    problems.push({
      variable: "HELPDESK",
      message: `"${env.HELPDESK}" is not a helpdesk; use mock (default) or sdp`,
    });
  }
  const persist = env.MOCK_PERSIST?.trim();
  const persistPath =
    persist === "memory" || persist === "off"
      ? undefined
      : persist
        ? resolve(persist)
        : join(dataDir, "mock-helpdesk.sqlite");
  // http-ingest serves the mock's ticket pages, so links point at it by default.
  const baseUrl = env.MOCK_BASE_URL?.trim() || `http://localhost:${env.PORT?.trim() || "3000"}`;
  if (!/^https?:\/\//.test(baseUrl))
    problems.push({ variable: "MOCK_BASE_URL", message: `"${baseUrl}" must start with http:// or https://` });
  return { kind: "mock", persistPath, baseUrl };
}

/**
 * Reads and validates the shared settings — with `HELPDESK=sdp`, every `SDP_*` setting too. Throws
 * `ConfigError` naming every bad variable. Apps add their own settings on top (see each app's
 * `env.ts`) and collect their problems into the same list by passing `collect`; then nothing is
 * thrown here and the app throws once for all of them (`assertNoProblems`).
 */
export function readCommonConfig(env: Env, collect?: ConfigProblem[]): CommonConfig {
  const own: ConfigProblem[] = collect ?? [];
  const dataDir = env.DATA_DIR?.trim() ? resolve(env.DATA_DIR.trim()) : defaultDataDir(env);
  const store = readStore(env, dataDir, own);
  const helpdesk = readHelpdesk(env, dataDir, own);
  const tokenKeys = readTokenKeys(env, own, {
    sharedAcrossHosts: store.kind === "redis" && helpdesk.kind === "sdp",
  });
  const dedupWindowMs =
    readNumber(env, "DEDUP_WINDOW_MINUTES", 240, own, { min: 1, max: 7 * 24 * 60 }) * 60_000;
  const outageTickets = (env.OUTAGE_TICKETS?.trim() || "request").toLowerCase();
  if (outageTickets !== "request" && outageTickets !== "problem") {
    own.push({
      variable: "OUTAGE_TICKETS",
      message: `"${env.OUTAGE_TICKETS}" is not request (default: one request per outage) or problem (one problem per outage, a request per caller)`,
    });
  }
  const resilience = {
    breakerFailures: readNumber(env, "HELPDESK_BREAKER_FAILURES", 5, own, { min: 1, max: 1000 }),
    breakerCooldownMs: readNumber(env, "HELPDESK_BREAKER_COOLDOWN_MS", 10_000, own, {
      min: 100,
      max: 600_000,
    }),
    deliveryPaceMs: readNumber(env, "OUTBOX_DELIVERY_PACE_MS", 100, own, { min: 0, max: 60_000 }),
    deliveryConcurrency: readNumber(env, "OUTBOX_DELIVERY_CONCURRENCY", 4, own, { min: 1, max: 64 }),
    noteDigestMs: readNumber(env, "NOTE_DIGEST_MS", 10_000, own, { min: 0, max: 600_000 }),
  };
  const defaultPhoneRegion = (env.DEFAULT_PHONE_REGION?.trim() || "US").toUpperCase();
  if (!isPhoneRegion(defaultPhoneRegion)) {
    own.push({
      variable: "DEFAULT_PHONE_REGION",
      message: `"${env.DEFAULT_PHONE_REGION}" is not a two-letter region code such as US, GB, AU`,
    });
  }
  const logLevel = (env.LOG_LEVEL?.trim() || "info").toLowerCase() as CommonConfig["logLevel"];
  if (!LOG_LEVELS.includes(logLevel))
    own.push({ variable: "LOG_LEVEL", message: `"${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(", ")}` });
  const taxonomy = createTaxonomy({
    categories: readList(env, "EXTRA_CATEGORIES"),
    escalationReasons: readList(env, "EXTRA_ESCALATION_REASONS"),
    sources: readList(env, "EXTRA_SOURCES"),
  });
  const mcpActorName = env.MCP_ACTOR_NAME?.trim();
  if (mcpActorName !== undefined && mcpActorName.length > 80)
    own.push({ variable: "MCP_ACTOR_NAME", message: "must be at most 80 characters (a person's name)" });
  if (!collect) assertNoProblems(own);
  return {
    dataDir,
    store,
    helpdesk,
    tokenKeys,
    dedupWindowMs,
    outageTickets: outageTickets === "problem" ? "problem" : "request",
    resilience,
    defaultPhoneRegion,
    taxonomy,
    logLevel,
    ...(mcpActorName ? { mcpActorName } : {}),
  };
}

/** Throws `ConfigError` when any problem was collected. */
export function assertNoProblems(problems: readonly ConfigProblem[]): void {
  if (problems.length > 0) throw new ConfigError(problems);
}
