import type { Issue, Logger, Result, TokenCache } from "@ispn/core";
import { z } from "zod";
import { DATA_CENTERS, type DataCenter, dataCenterHosts, isDataCenter } from "./data-centers.ts";
import { SdpConfigError } from "./errors.ts";
import type { SdpObserver } from "./observer.ts";

/** Configuration of {@link createSdpClient}. Validated at construction; see the README for each setting. */
export interface SdpClientConfig {
  /** Data centre of the portal (default US). Ignored for the API host when `baseUrl` is set. */
  dataCenter?: DataCenter;
  /** SDP origin, e.g. a custom domain `https://helpdesk.example.com`. Overrides the data centre host. */
  baseUrl?: string;
  /** Portal name from the web UI URL `/app/<portal>/…`. Omit to address the account's default portal. */
  portal?: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Zoho accounts origin; defaults to the data centre's. */
  accountsUrl?: string;
  fetch?: typeof fetch;
  /** Where access tokens are kept; share one (e.g. Redis) across a fleet. Default: in memory. */
  tokenCache?: TokenCache;
  /** Cache key of the token; default derived from the accounts host and client id. */
  tokenCacheKey?: string;
  /** Per-call timeout in ms (default 10000). */
  timeoutMs?: number;
  /** Retries of reads on 429, 5xx and network errors. `attempts` counts the first try (default 4). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** How long metadata lookups are cached, ms (default 600000). */
  metadataTtlMs?: number;
  logger?: Logger;
  /** Clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Randomness in [0, 1) for backoff jitter (default `Math.random`). */
  random?: () => number;
  /** Hooks told of every API call and token mint, e.g. for metrics. */
  observer?: SdpObserver;
}

/** The validated configuration with every default applied. */
export interface ResolvedSdpConfig {
  /** e.g. `https://sdpondemand.manageengine.com` (no trailing slash). */
  webOrigin: string;
  portal: string | undefined;
  /** `{webOrigin}/app/{portal}/api/v3` or `{webOrigin}/api/v3`. */
  apiRoot: string;
  /** Primary accounts origin first, then the alternates tried only when it is unreachable. */
  accountsOrigins: string[];
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenCacheKey: string;
  timeoutMs: number;
  retry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  metadataTtlMs: number;
}

/** Option name → the environment variable people set, so messages name what they can fix. */
const SETTING_NAMES: Record<string, string> = {
  dataCenter: "SDP_DATA_CENTER",
  baseUrl: "SDP_BASE_URL",
  portal: "SDP_PORTAL",
  accountsUrl: "SDP_ACCOUNTS_URL",
  clientId: "SDP_CLIENT_ID",
  clientSecret: "SDP_CLIENT_SECRET",
  refreshToken: "SDP_REFRESH_TOKEN",
  timeoutMs: "SDP_TIMEOUT_MS",
};

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/\s]+/i.test(v) && URL.canParse(v), "must be an http(s) URL");
const required = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const schema = z.object({
  dataCenter: z.enum(DATA_CENTERS, { error: `must be one of ${DATA_CENTERS.join(", ")}` }).optional(),
  baseUrl: httpUrl.optional(),
  portal: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]+$/, "must be the portal name from the URL /app/<portal>/, e.g. itdesk")
    .optional(),
  accountsUrl: httpUrl.optional(),
  clientId: required("the Zoho API console client id, 1000.…"),
  clientSecret: required("the Zoho API console client secret"),
  refreshToken: required("run sdp-oauth-onboard to get one"),
  tokenCacheKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1).max(600_000, "must be at most 600000").optional(),
  retry: z
    .object({
      attempts: z.number().int().min(1).max(10).optional(),
      baseDelayMs: z.number().min(0).optional(),
      maxDelayMs: z.number().min(0).optional(),
    })
    .optional(),
  metadataTtlMs: z.number().min(0).optional(),
  fetch: z.custom<typeof fetch>((v) => typeof v === "function", "must be a function").optional(),
  tokenCache: z
    .custom<TokenCache>(
      (v) => typeof v === "object" && v !== null && typeof (v as TokenCache).withLock === "function",
      "must implement the TokenCache port",
    )
    .optional(),
  now: z.custom<() => number>((v) => typeof v === "function", "must be a function").optional(),
  random: z.custom<() => number>((v) => typeof v === "function", "must be a function").optional(),
  observer: z
    .custom<SdpObserver>((v) => typeof v === "object" && v !== null, "must be an object of hooks")
    .optional(),
});

/**
 * Every problem with `config`, one per wrong setting, each named by its environment variable
 * (`path`); empty when the config is valid.
 */
function sdpClientConfigIssues(config: SdpClientConfig): Issue[] {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const key = issue.path.map(String).join(".") || "config";
      return { path: SETTING_NAMES[key] ?? key, message: issue.message };
    });
    // One line per setting: zod can report a setting twice (e.g. missing and too short).
    return issues.filter((issue, at) => issues.findIndex((i) => i.path === issue.path) === at);
  }
  const conflict = portalConflict(parsed.data);
  return conflict ? [conflict] : [];
}

function portalConflict(c: {
  dataCenter?: DataCenter | undefined;
  baseUrl?: string | undefined;
  portal?: string | undefined;
}): Issue | undefined {
  const { portal: portalFromUrl } = splitBaseUrl(
    c.baseUrl ?? dataCenterHosts(c.dataCenter ?? "US").apiOrigin,
  );
  if (c.portal && portalFromUrl && c.portal !== portalFromUrl) {
    return {
      path: "SDP_PORTAL",
      message: `is "${c.portal}" but SDP_BASE_URL names portal "${portalFromUrl}"; set one of them`,
    };
  }
  return undefined;
}

/** Validates `config` and applies defaults. Throws {@link SdpConfigError} naming the first wrong setting. */
export function resolveSdpClientConfig(config: SdpClientConfig): ResolvedSdpConfig {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const issue = sdpClientConfigIssues(config)[0];
    throw new SdpConfigError(issue?.path ?? "config", issue?.message ?? "is invalid", {
      cause: parsed.error,
    });
  }
  const c = parsed.data;
  const conflict = portalConflict(c);
  if (conflict) throw new SdpConfigError(conflict.path, conflict.message);
  const hosts = dataCenterHosts(c.dataCenter ?? "US");
  const { origin, portal: portalFromUrl } = splitBaseUrl(c.baseUrl ?? hosts.apiOrigin);
  const portal = c.portal ?? portalFromUrl;
  const accountsOrigins = c.accountsUrl
    ? [stripSlash(c.accountsUrl)]
    : [hosts.accountsOrigin, ...hosts.alternateAccountsOrigins];
  return {
    webOrigin: origin,
    portal,
    apiRoot: portal ? `${origin}/app/${portal}/api/v3` : `${origin}/api/v3`,
    accountsOrigins,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    refreshToken: c.refreshToken,
    tokenCacheKey: c.tokenCacheKey ?? `sdp:token:${new URL(accountsOrigins[0]!).host}:${c.clientId}`,
    timeoutMs: c.timeoutMs ?? 10_000,
    retry: {
      attempts: c.retry?.attempts ?? 4,
      baseDelayMs: c.retry?.baseDelayMs ?? 500,
      maxDelayMs: c.retry?.maxDelayMs ?? 8_000,
    },
    metadataTtlMs: c.metadataTtlMs ?? 600_000,
  };
}

/**
 * Accepts a base URL pasted from the browser: `https://host/app/itdesk/…` yields the origin plus
 * portal `itdesk`; a trailing `/api/v3` is dropped. Other paths are kept (a reverse-proxy prefix).
 */
function splitBaseUrl(raw: string): { origin: string; portal: string | undefined } {
  const url = new URL(raw);
  const path = url.pathname.replace(/\/+$/, "");
  const app = /^(.*?)\/app\/([A-Za-z0-9_.-]+)(?:\/.*)?$/.exec(path);
  if (app) return { origin: url.origin + app[1], portal: app[2] };
  return { origin: url.origin + path.replace(/\/api\/v3$/, ""), portal: undefined };
}

function stripSlash(value: string): string {
  return value.trim().replace(/\/+$/, "");
}

/**
 * Reads the client settings from environment variables (see README): `SDP_DATA_CENTER`,
 * `SDP_BASE_URL`, `SDP_PORTAL`, `SDP_ACCOUNTS_URL`, `SDP_CLIENT_ID`, `SDP_CLIENT_SECRET`,
 * `SDP_REFRESH_TOKEN`, `SDP_TIMEOUT_MS`. Every wrong or missing variable is an issue whose `path`
 * is the variable's name.
 */
export function readSdpClientEnv(env: Record<string, string | undefined>): Result<SdpClientConfig> {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const issues: Issue[] = [];
  let dc = get("SDP_DATA_CENTER")?.toUpperCase();
  if (dc !== undefined && !isDataCenter(dc)) {
    issues.push({
      path: "SDP_DATA_CENTER",
      message: `must be one of ${DATA_CENTERS.join(", ")}; got "${dc}"`,
    });
    dc = undefined;
  }
  let timeout = get("SDP_TIMEOUT_MS");
  if (timeout !== undefined && !/^\d+$/.test(timeout)) {
    issues.push({
      path: "SDP_TIMEOUT_MS",
      message: `must be a whole number of milliseconds; got "${timeout}"`,
    });
    timeout = undefined;
  }
  const optional = {
    dataCenter: dc,
    baseUrl: get("SDP_BASE_URL"),
    portal: get("SDP_PORTAL"),
    accountsUrl: get("SDP_ACCOUNTS_URL"),
    timeoutMs: timeout === undefined ? undefined : Number(timeout),
  };
  const config: SdpClientConfig = {
    clientId: get("SDP_CLIENT_ID") ?? "",
    clientSecret: get("SDP_CLIENT_SECRET") ?? "",
    refreshToken: get("SDP_REFRESH_TOKEN") ?? "",
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<
      Pick<SdpClientConfig, "dataCenter" | "baseUrl" | "portal" | "accountsUrl" | "timeoutMs">
    >),
  };
  issues.push(...sdpClientConfigIssues(config));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: config };
}

/**
 * Reads the client settings from environment variables, as {@link readSdpClientEnv} does.
 * Throws {@link SdpConfigError} naming the first wrong variable.
 */
export function resolveSdpConfigFromEnv(env: Record<string, string | undefined>): SdpClientConfig {
  const read = readSdpClientEnv(env);
  if (!read.ok) throw new SdpConfigError(read.issues[0]!.path, read.issues[0]!.message);
  return read.value;
}
