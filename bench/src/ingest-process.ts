import { join } from "node:path";
import { YOUNG_GENERATION_FLAGS } from "@ispn/http-ingest/young-generation";
import { type ChildServer, startChildServer } from "./child-server.ts";

/** The bearer token every bench request carries (INGEST_TOKENS of the server). */
export const INGEST_TOKEN = "bench-ingest-token-0123456789abcdef";

export const AUTH_HEADERS: Record<string, string> = {
  authorization: `Bearer ${INGEST_TOKEN}`,
  "content-type": "application/json",
};

/** Which store the server under test uses. */
export type StoreChoice =
  | { kind: "memory" }
  | { kind: "sqlite" }
  | { kind: "redis"; url: string; keyPrefix: string };

/**
 * Starts the real entry, apps/http-ingest/src/main.ts, in its own process, configured only through
 * its environment: the in-process mock helpdesk kept in memory, the chosen store, a fixed token, a
 * rate limit high enough never to throttle the bench, warn-level logs, its own DATA_DIR. Node runs
 * it with the flags every launcher we ship gives it (a fixed young generation), then `nodeFlags`.
 */
export function startIngestServer(options: {
  repoRoot: string;
  dataDir: string;
  store: StoreChoice;
  /** More environment for the server (e.g. ELEVENLABS_WEBHOOK_SECRETS). */
  env?: Record<string, string>;
  /** More Node/V8 flags for the server process, after the launchers' (the last of a flag wins). */
  nodeFlags?: string[];
}): Promise<ChildServer> {
  const { store } = options;
  const storeUrl = store.kind === "memory" ? "memory:" : store.kind === "sqlite" ? "sqlite:" : store.url;
  return startChildServer({
    entry: join(options.repoRoot, "apps/http-ingest/src/main.ts"),
    nodeArgs: ["--conditions=@ispn/source", ...YOUNG_GENERATION_FLAGS, ...(options.nodeFlags ?? [])],
    cwd: options.repoRoot,
    gcLog: join(options.dataDir, "gc.log"),
    env: {
      HOST: "127.0.0.1",
      PORT: "0",
      HELPDESK: "mock",
      MOCK_PERSIST: "memory",
      STORE_URL: storeUrl,
      ...(store.kind === "redis" ? { REDIS_KEY_PREFIX: store.keyPrefix } : {}),
      DATA_DIR: options.dataDir,
      INGEST_TOKENS: INGEST_TOKEN,
      INGEST_HMAC_SECRETS: "",
      RATE_LIMIT_PER_SECOND: "100000",
      LOG_LEVEL: "warn",
      ...options.env,
    },
  });
}

/** Sets the in-process mock's faults through its demo control route (HELPDESK=mock only; needs the ingest token). */
export async function setMockFaults(baseUrl: string, patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/_mock/faults`, {
    method: "PUT",
    headers: AUTH_HEADERS,
    body: JSON.stringify(patch),
  });
  if (!res.ok) throw new Error(`PUT /_mock/faults answered ${res.status}: ${await res.text()}`);
}

/** `ispn_handoffs_total` by outcome, read from the server's /metrics. */
export async function handoffOutcomes(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: AUTH_HEADERS })).text();
  const outcomes: Record<string, number> = {};
  for (const match of text.matchAll(/^ispn_handoffs_total\{[^}]*outcome="([a-z]+)"[^}]*\} (\d+)$/gm)) {
    const [, outcome, count] = match;
    if (outcome && count) outcomes[outcome] = (outcomes[outcome] ?? 0) + Number(count);
  }
  return outcomes;
}

/** One POST to the handoff route, for priming a scenario; throws unless it answers 2xx. */
export async function postHandoff(
  baseUrl: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await fetch(`${baseUrl}/ingest/oa-handoff`, {
    method: "POST",
    headers: { ...AUTH_HEADERS, ...headers },
    body,
  });
  if (!res.ok) throw new Error(`priming handoff answered ${res.status}: ${await res.text()}`);
  return res.json();
}
