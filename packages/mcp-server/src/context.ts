import type {
  Handoff,
  HandoffService,
  Helpdesk,
  Logger,
  Outbox,
  RequestWork,
  Result,
  Taxonomy,
} from "@ispn/core";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { Actor, RequestInfo } from "./actor.ts";
import type { MetadataCache } from "./metadata-cache.ts";
import type { ServiceDeskModules } from "./service-desk-modules.ts";

/** What every tool, resource and prompt works with. Built once per server by `createMcpServer`. */
export interface ServerContext {
  helpdesk: Helpdesk;
  /** Tasks, worklogs, attachments, pick-up and assignment; their tools and resources exist only with it. */
  work?: RequestWork;
  handoffs: HandoffService;
  /** Handoffs queued while the helpdesk could not take them (for reference lookups). */
  outbox: Pick<Outbox, "lookup">;
  /** Validates a raw handoff body with this deployment's taxonomy and phone region. */
  prepare(raw: unknown): Result<Handoff>;
  taxonomy: Taxonomy;
  metadata: MetadataCache;
  logger: Logger;
  /** Region for phone numbers written without a country code (`DEFAULT_PHONE_REGION`), e.g. "US". */
  phoneRegion: string;
  /** Budget of one call, helpdesk calls included. */
  callTimeoutMs: number;
  /**
   * Who makes a request (tool call, resource read, prompt): pass the handler's `extra`. `undefined`
   * over stdio; the token's person over an authenticated transport.
   */
  actorOf(request: RequestInfo): Actor | undefined;
  /**
   * Problems, changes, solutions, assets and projects: the SDP client, or the mock's through its
   * SDP-compatible app. `undefined` with another helpdesk; the module tools then say so.
   */
  modules: ServiceDeskModules | undefined;
  /** Whether this server offers a tool (`McpServerDeps.includeTool`); the others are not registered. */
  includeTool(tool: ToolInfo): boolean;
}

/** What decides whether a server offers a tool: its name and hints. */
export interface ToolInfo {
  name: string;
  annotations: Required<
    Pick<ToolAnnotations, "readOnlyHint" | "destructiveHint" | "idempotentHint" | "openWorldHint">
  >;
}
