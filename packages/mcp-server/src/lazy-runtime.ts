import type { Runtime } from "@ispn/runtime";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { ModulesSource } from "./service-desk-modules.ts";

/** The parts of a `@ispn/runtime` Runtime the server uses (a whole Runtime fits). */
export type McpRuntime = Pick<Runtime, "config" | "helpdesk" | "handoffs" | "prepare" | "stores"> &
  ModulesSource &
  Partial<Pick<Runtime, "work">>;

/**
 * A runtime opened on first need: the server answers `initialize` and the `tools/list`,
 * `prompts/list` and `resources/templates/list` requests from `config` alone, and calls `open()` (once)
 * before the first request that needs the helpdesk or the stores. Shortens the cold start by the
 * time the stores take to open.
 */
export interface LazyRuntime {
  /** Known at once: the tool schemas use the taxonomy. */
  config: McpRuntime["config"];
  /** Opens the runtime. Called at most once; a rejection fails the requests that waited for it. */
  open(): Promise<McpRuntime>;
}

/** The requests that need the runtime: everything else is answered from the definitions. */
const NEEDS_RUNTIME = new Set<unknown>([
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  GetPromptRequestSchema,
  CompleteRequestSchema,
]);

export function isLazyRuntime(runtime: McpRuntime | LazyRuntime): runtime is LazyRuntime {
  return typeof (runtime as Partial<LazyRuntime>).open === "function";
}

/** Access to a runtime that may not be open yet. */
export interface RuntimeAccess {
  /** The open runtime; throws when called before `gate` let a request through. */
  live(): McpRuntime;
  /**
   * Makes every request that needs the runtime wait until it is open. Call before registering
   * anything, on a server constructed without `capabilities` (the SDK installs the handlers of
   * declared capabilities in its constructor, and those of registered ones at registration).
   */
  gate(server: McpServer): void;
}

export function runtimeAccess(runtime: McpRuntime | LazyRuntime): RuntimeAccess {
  if (!isLazyRuntime(runtime)) return { live: () => runtime, gate: () => {} };
  let current: McpRuntime | undefined;
  let opening: Promise<McpRuntime> | undefined;
  const ensureOpen = () => {
    opening ??= runtime.open().then((opened) => {
      current = opened;
      return opened;
    });
    return opening;
  };
  return {
    live() {
      if (!current) throw new Error("the runtime is not open yet (a request bypassed the gate)");
      return current;
    },
    gate(server) {
      const inner = server.server;
      const set = inner.setRequestHandler.bind(inner);
      const gated = (schema: unknown, handler: (...args: unknown[]) => unknown) => {
        return set(
          schema as never,
          (NEEDS_RUNTIME.has(schema)
            ? async (...args: unknown[]) => {
                if (!current) await ensureOpen();
                return handler(...args);
              }
            : handler) as never,
        );
      };
      inner.setRequestHandler = gated as typeof inner.setRequestHandler;
    },
  };
}
