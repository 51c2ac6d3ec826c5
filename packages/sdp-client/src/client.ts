import { type Logger, silentLogger } from "@ispn/core";
import { type AssetsApi, createAssetsApi } from "./assets.ts";
import { type AttachmentsApi, createAttachmentsApi } from "./attachments.ts";
import { type ChangesApi, createChangesApi } from "./changes.ts";
import { resolveSdpClientConfig, type SdpClientConfig } from "./config.ts";
import type { SdpAnswer } from "./envelope.ts";
import { createMetadataApi, type MetadataApi } from "./metadata.ts";
import { createNotesApi, type NotesApi } from "./notes.ts";
import { createProblemsApi, type ProblemsApi } from "./problems.ts";
import { createProjectsApi, type ProjectsApi } from "./projects.ts";
import { type RequestWriteListener, watchRequestWrites } from "./request-writes.ts";
import { createRequestersApi, type RequestersApi } from "./requesters.ts";
import { createRequestsApi, type RequestsApi } from "./requests.ts";
import { createSolutionsApi, type SolutionsApi } from "./solutions.ts";
import { createTasksApi, type TasksApi } from "./tasks.ts";
import { createMemoryTokenCache } from "./token-cache.ts";
import { createTokenProvider } from "./token-provider.ts";
import { createTransport, type SdpCall } from "./transport.ts";
import { createWorklogsApi, type WorklogsApi } from "./worklogs.ts";

/** A ServiceDesk Plus Cloud v3 client. Every method throws `SdpError`s. */
export interface SdpClient {
  /** Where the client points (no secrets). */
  readonly endpoint: { webOrigin: string; portal: string | undefined; apiRoot: string };
  readonly requests: RequestsApi;
  readonly notes: NotesApi;
  readonly metadata: MetadataApi;
  readonly requesters: RequestersApi;
  readonly problems: ProblemsApi;
  /** Changes and their scheduled (maintenance) windows. */
  readonly changes: ChangesApi;
  /** The knowledge base. */
  readonly solutions: SolutionsApi;
  readonly assets: AssetsApi;
  readonly projects: ProjectsApi;
  /** Request tasks. */
  readonly tasks: TasksApi;
  /** Request worklogs (time spent). */
  readonly worklogs: WorklogsApi;
  /** Request attachments: list, download, upload. */
  readonly attachments: AttachmentsApi;
  /** Any other v3 endpoint, with the same headers, envelope checks, retries and token handling. */
  call(call: SdpCall): Promise<SdpAnswer>;
  /** The web page of a request: `{origin}/app/{portal}/ui/requests/{id}/details`. */
  requestUrl(id: string): string;
  /**
   * Tells `listener` the id of every request a call through this client may change (any write to
   * `/requests/{id}…` but adding a note), before and after the call. Returns the unsubscribe.
   */
  onRequestWrite(listener: RequestWriteListener): () => void;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Creates the client. Validates `config` at once: a wrong or missing setting throws
 * `SdpConfigError` naming its environment variable. No network I/O happens until the first call.
 */
export function createSdpClient(config: SdpClientConfig): SdpClient {
  const resolved = resolveSdpClientConfig(config);
  const fetchImpl = config.fetch ?? globalThis.fetch;
  const now = config.now ?? Date.now;
  const logger = config.logger ?? silentLogger;
  const tokens = createTokenProvider({
    endpoint: {
      accountsOrigins: resolved.accountsOrigins,
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      fetch: fetchImpl,
      timeoutMs: resolved.timeoutMs,
    },
    refreshToken: resolved.refreshToken,
    cache: config.tokenCache ?? createMemoryTokenCache(),
    cacheKey: resolved.tokenCacheKey,
    now,
    logger,
    ...(config.observer?.onTokenMint
      ? { onTokenMint: config.observer.onTokenMint.bind(config.observer) }
      : {}),
  });
  const sent = createTransport({
    apiRoot: resolved.apiRoot,
    fetch: fetchImpl,
    tokens,
    timeoutMs: resolved.timeoutMs,
    retry: resolved.retry,
    now,
    random: config.random ?? Math.random,
    logger,
    ...(config.observer?.onApiCall ? { onApiCall: config.observer.onApiCall.bind(config.observer) } : {}),
  });
  const { transport, onRequestWrite } = watchRequestWrites(sent);
  const requests = createRequestsApi(transport);
  const notes = createNotesApi(transport);
  const pageRoot = resolved.portal ? `${resolved.webOrigin}/app/${resolved.portal}` : resolved.webOrigin;
  return {
    endpoint: { webOrigin: resolved.webOrigin, portal: resolved.portal, apiRoot: resolved.apiRoot },
    requests,
    notes,
    metadata: createMetadataApi({ transport, ttlMs: resolved.metadataTtlMs, now }),
    requesters: createRequestersApi(transport),
    problems: createProblemsApi(transport, { requests, notes }),
    changes: createChangesApi(transport),
    solutions: createSolutionsApi(transport),
    assets: createAssetsApi(transport),
    projects: createProjectsApi(transport),
    tasks: createTasksApi(transport),
    worklogs: createWorklogsApi(transport, now),
    attachments: createAttachmentsApi(transport),
    call: (call) => transport.send(call),
    requestUrl: (id) => `${pageRoot}/ui/requests/${encodeURIComponent(id)}/details`,
    onRequestWrite,
    logger,
    now,
  };
}
