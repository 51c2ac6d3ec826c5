import { userInfo } from "node:os";
import type { Logger, RequestWork } from "@ispn/core";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type Actor, type ActorResolver, toActorResolver } from "./actor.ts";
import { registerAttachmentResources } from "./attachment-resources.ts";
import type { ServerContext } from "./context.ts";
import { lazyCalls } from "./lazy-calls.ts";
import { lazyJsonSchemaValidator } from "./lazy-json-schema-validator.ts";
import { isLazyRuntime, type LazyRuntime, type McpRuntime, runtimeAccess } from "./lazy-runtime.ts";
import { createMetadataCache, type MetadataCache } from "./metadata-cache.ts";
import { registerPrompts } from "./prompts.ts";
import { registerResources } from "./resources.ts";
import type { ServiceDeskModules } from "./service-desk-modules.ts";
import { type ToolScope, toolScope } from "./tool-scopes.ts";
import { registerAttachmentTools } from "./tools/attachments.tools.ts";
import { registerAuditResource, registerAuditTool } from "./tools/audit.tools.ts";
import { registerHandoffTools } from "./tools/handoff.tools.ts";
import { registerHandoffStatusTool } from "./tools/handoff-status.tools.ts";
import { registerMetadataTools } from "./tools/metadata.tools.ts";
import { registerRequestWorkTools } from "./tools/request-work.tools.ts";
import { registerServiceDeskModuleTools } from "./tools/service-desk-modules.tools.ts";
import { registerTicketReadTools } from "./tools/tickets-read.tools.ts";
import { registerTicketWriteTools } from "./tools/tickets-write.tools.ts";
import { registerVoiceTools } from "./tools/voice.tools.ts";

/** The name the server reports in `initialize` (`serverInfo`); the version is the app's. */
export const SERVER_NAME = "ispn-helpdesk";
const SERVER_TITLE = "ISPN Helpdesk";

/** Dependencies of {@link createMcpServer}. */
export interface McpServerDeps {
  /**
   * Helpdesk, handoff service and config, from `createRuntime`; or a {@link LazyRuntime} that the
   * server opens on the first request needing it. The caller owns and closes it.
   */
  runtime: McpRuntime | LazyRuntime;
  /**
   * The version reported in `initialize` (`serverInfo.version`): the serving app's package.json
   * version, which changesets bumps on release.
   */
  version: string;
  /** Where the server logs (stderr in the app). Never receives caller numbers or note bodies. */
  logger: Logger;
  /** Budget of one tool call, resource read or prompt, in ms. Default 30 s. */
  callTimeoutMs?: number;
  /** How long lookup lists (statuses, priorities, …) are cached. Default 5 minutes. */
  metadataTtlMs?: number;
  /**
   * A lookup-list cache to share between servers (`createMetadataCache`): a transport that builds a
   * server per request passes one, so the helpdesk is not asked for the same lists on every request.
   */
  metadataCache?: MetadataCache;
  /**
   * Who makes each request. A fixed {@link Actor} (e.g. one server per authenticated HTTP session),
   * or a function of the request (its `authInfo`, `sessionId`). Default: the request's `authInfo`
   * (its `extra.name` or `clientId`, and its scopes) when a transport authenticated it, else none
   * (stdio). Tools receive it as `ToolCall.actor`.
   */
  actor?: Actor | ActorResolver;
  /**
   * Which tools this server offers (default: all). An authenticating transport builds a server per
   * token and offers only the tools its scopes cover; `tools/list` shows only those. See
   * `TOOL_SCOPES` for the scope of each tool.
   */
  offers?: (tool: { name: string; scope: ToolScope }) => boolean;
  /**
   * `full` (default): every tool, resource and prompt. `voice`: the voice-agent profile — only the
   * tools about the caller of the current call (the actor's `extra.caller`): their open tickets and
   * queued references, and handoffs for them; no resources or prompts.
   */
  profile?: "full" | "voice";
  /** The name on audit entries of requests without an actor (stdio). Default: `MCP_ACTOR_NAME`, else the OS user. */
  localActorName?: string;
  /**
   * Problems, changes, solutions, assets and projects for the module tools. Default: the runtime's
   * SDP client (HELPDESK=sdp), or its mock's modules (HELPDESK=mock).
   */
  modules?: ServiceDeskModules;
}

const INSTRUCTIONS = `Tools for the ISP's helpdesk (tickets in ServiceDesk Plus).
- A customer's problem with a known phone number: ticket_find_or_create (or handoff_submit with a 4-line note); both join the open ticket for the same caller and category instead of creating a duplicate.
- A caller quoting a reference like "H-7KQ3XM" (a handoff queued while the helpdesk was down): handoff_status gives its ticket once delivered.
- Valid statuses, priorities, categories, technicians, templates…: helpdesk_metadata.
- Ticket ids: pass the "id" field of a ticket. ticket_get and ticket_search also take the short ticket number a caller was told ("1001" or "#1001"); ticket_search also takes a phone number in any format.
- Outages shared by many callers (problems), planned maintenance (changes, with their scheduled window), knowledge-base articles (solutions), customer equipment (assets) and projects: the problem_*, change_*, solution_*, asset_* and project_* tools.
- Work on a ticket: ticket_task_add/list/update, ticket_worklog_add/list (time spent), ticket_pick_up, ticket_assign (helpdesk_assignees lists technicians and groups), ticket_attachment_list/upload (files come back as resource links to read).
- Errors say what to fix or when to retry; follow them.`;

/**
 * Creates the MCP server with every tool, resource and prompt, ready to `connect` to a transport.
 * Does no I/O itself; the helpdesk is called only when a client calls a tool (and a lazy runtime
 * opened only then).
 */
export function createMcpServer(deps: McpServerDeps): McpServer {
  const { logger, actor } = deps;
  const { config } = deps.runtime;
  const runtime = runtimeAccess(deps.runtime);
  const modules = deps.modules ?? modulesOf(deps.runtime, runtime.live);
  const ctx: ServerContext = {
    get helpdesk() {
      return runtime.live().helpdesk;
    },
    get handoffs() {
      return runtime.live().handoffs;
    },
    get outbox() {
      return runtime.live().stores.outbox;
    },
    get work() {
      return runtime.live().work;
    },
    modules,
    prepare: (raw) => runtime.live().prepare(raw),
    taxonomy: config.taxonomy,
    phoneRegion: config.defaultPhoneRegion,
    metadata:
      deps.metadataCache ??
      createMetadataCache({
        helpdesk: { listMetadata: (kind, options) => runtime.live().helpdesk.listMetadata(kind, options) },
        ...(deps.metadataTtlMs === undefined ? {} : { ttlMs: deps.metadataTtlMs }),
      }),
    logger,
    callTimeoutMs: deps.callTimeoutMs ?? 30_000,
    actorOf: toActorResolver(actor),
    get audit() {
      return runtime.live().stores.audit;
    },
    localActorName: deps.localActorName ?? config.mcpActorName ?? osUserName(),
    offers: (name) => deps.offers?.({ name, scope: toolScope(name) ?? "write" }) ?? true,
  };
  const server = new McpServer(
    { name: SERVER_NAME, title: SERVER_TITLE, version: deps.version },
    // No `capabilities` here: registering the tools, resources and prompts declares them, after
    // `gate` (declared here, the SDK would install their handlers before it).
    { instructions: INSTRUCTIONS, jsonSchemaValidator: lazyJsonSchemaValidator() },
  );
  runtime.gate(server);
  if (deps.profile === "voice") {
    registerVoiceTools(server, ctx);
    return server;
  }
  registerHandoffTools(server, ctx);
  registerHandoffStatusTool(server, ctx);
  registerTicketReadTools(server, ctx);
  registerTicketWriteTools(server, ctx);
  registerMetadataTools(server, ctx);
  registerServiceDeskModuleTools(server, ctx);
  // a lazy runtime is built by createRuntime, whose helpdesks (mock, SDP) all carry the request work
  const work = isLazyRuntime(deps.runtime)
    ? lazyCalls<RequestWork>(async () => {
        const open = runtime.live().work;
        if (!open) throw new Error("this helpdesk has no tasks, worklogs or attachments");
        return open;
      })
    : runtime.live().work;
  if (work) {
    registerRequestWorkTools(server, ctx, work);
    registerAttachmentTools(server, ctx, work);
  }
  registerAuditTool(server, ctx);
  // resources read tickets, their files and the audit log: only for tokens that may read
  if (ctx.offers("ticket_get")) {
    registerResources(server, ctx);
    if (work) registerAttachmentResources(server, ctx, work);
  }
  if (ctx.offers("audit_query")) registerAuditResource(server, ctx);
  registerPrompts(server, ctx);
  return server;
}

/**
 * The runtime's modules (its SDP client, or the mock's through its SDP app), built on first use; none
 * when an open runtime has neither. A lazy runtime's helpdesk is mock or SDP: it has them.
 */
function modulesOf(source: McpRuntime | LazyRuntime, live: () => McpRuntime): ServiceDeskModules | undefined {
  if (!isLazyRuntime(source) && !source.sdp && !source.mock) return undefined;
  return lazyCalls<ServiceDeskModules>(async () => {
    const { resolveModules } = await import("./service-desk-modules.ts");
    const modules = resolveModules(live());
    if (!modules) throw new Error("this helpdesk has no problems, changes, solutions, assets or projects");
    return modules;
  });
}

function osUserName(): string {
  try {
    return `${userInfo().username} (stdio)`;
  } catch {
    return "local user (stdio)";
  }
}
