import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@ispn/core";
import { createMockHelpdesk, type MockHelpdesk, type MockHelpdeskOptions } from "@ispn/helpdesk-mock";
import { createRuntime, type Runtime, readCommonConfig } from "@ispn/runtime";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer, type McpServerDeps } from "../server.ts";
import { modulesOverMock } from "../service-desk-modules.ts";

/** One log line as the server wrote it. */
export interface LogEntry {
  level: string;
  fields: Record<string, unknown>;
  message: string | undefined;
}

/** A client connected in memory to a fresh server. */
export interface Harness {
  client: Client;
  runtime: Runtime;
  /** The mock helpdesk, for faults and direct checks (absent with `persistent`). */
  mock: MockHelpdesk;
  logs: LogEntry[];
  /** Calls a tool; returns the result (errors included). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls a tool that must succeed; returns its structured content. */
  ok<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool that must fail; returns its error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra environment for `readCommonConfig` (e.g. EXTRA_CATEGORIES). */
  env?: Record<string, string>;
  /** Options of the in-memory mock helpdesk. */
  mock?: MockHelpdeskOptions;
  /**
   * Use this data directory with the default stores and helpdesk (SQLite store + persisted mock),
   * like the app does, instead of in-memory ones.
   */
  dataDir?: string;
  callTimeoutMs?: number;
  /** Who makes the requests (see `McpServerDeps.actor`); default none, as over stdio. */
  actor?: McpServerDeps["actor"];
  /** Further server options: which tools are offered, the voice profile, the local actor's name. */
  deps?: Partial<Pick<McpServerDeps, "offers" | "profile" | "localActorName">>;
}

/** The version the harness's server reports in `initialize`. */
export const HARNESS_SERVER_VERSION = "0.0.0-harness";

function recordingLogger(logs: LogEntry[]): Logger {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message?: string): void => {
      logs.push({ level, fields, message });
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A fresh server (memory store, in-memory mock helpdesk unless `dataDir`) and a connected client. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const logs: LogEntry[] = [];
  const logger = recordingLogger(logs);
  const persistent = options.dataDir !== undefined;
  const env: Record<string, string> = persistent
    ? { DATA_DIR: options.dataDir as string, ...options.env }
    : {
        STORE_URL: "memory:",
        MOCK_PERSIST: "memory",
        DATA_DIR: join(tmpdir(), "ispn-mcp-unused"),
        ...options.env,
      };
  const config = readCommonConfig(env);
  const mock = persistent ? undefined : createMockHelpdesk(options.mock);
  const runtime = await createRuntime({ config, logger, ...(mock ? { helpdesk: mock } : {}) });
  const server = createMcpServer({
    runtime,
    logger,
    version: HARNESS_SERVER_VERSION,
    // The runtime only knows an injected mock as a Helpdesk: give the module tools its modules.
    ...(mock ? { modules: modulesOverMock(mock) } : {}),
    ...(options.actor === undefined ? {} : { actor: options.actor }),
    ...options.deps,
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  const client = new Client({ name: "harness", version: "1.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([client.connect(clientSide), server.connect(serverSide)]);

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client,
    runtime,
    mock: mock ?? (runtime.helpdesk as MockHelpdesk),
    logs,
    call,
    async ok<T>(name: string, args?: Record<string, unknown>) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
      return result.structuredContent as T;
    },
    async fail(name: string, args?: Record<string, unknown>) {
      const result = await call(name, args);
      if (!result.isError) throw new Error(`${name} was expected to fail: ${textOf(result)}`);
      return textOf(result);
    },
    async close() {
      await client.close();
      await server.close();
      await runtime.close();
      await mock?.close();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "";
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = "ispn-mcp-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A 4-line note. */
export function fourLineNote(
  category = "WiFi",
  summary = "Customer unable to connect after power outage",
): string {
  return `Category: ${category}\nReason: TwoStepsNoResolve\nSummary: ${summary}\nConfidence: 0.85`;
}
