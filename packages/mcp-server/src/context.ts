import type {
  AuditLog,
  Handoff,
  HandoffService,
  Helpdesk,
  Logger,
  Outbox,
  RequestWork,
  Result,
  Taxonomy,
} from "@ispn/core";
import type { Actor, RequestInfo } from "./actor.ts";
import type { MetadataCache } from "./metadata-cache.ts";
import type { ServiceDeskModules } from "./service-desk-modules.ts";

/** What every tool, resource and prompt works with. Built once per server by `createMcpServer`. */
export interface ServerContext {
  helpdesk: Helpdesk;
  /** Tasks, worklogs, attachments, pick-up and assignment; their tools and resources exist only with it. */
  work: RequestWork | undefined;
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
  /** Where every write is recorded (who, tool, ticket, outcome). */
  audit: AuditLog;
  /** The name audit entries carry when a request has no actor (stdio): configured, else the OS user. */
  localActorName: string;
  /** Whether this server offers `tool` (an authenticating transport offers only what a token may call). */
  offers(tool: string): boolean;
}
