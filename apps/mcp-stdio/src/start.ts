import { createMcpServer } from "@ispn/mcp-server";
import type { Runtime } from "@ispn/runtime";
import { isConfigError } from "@ispn/runtime/config";
import { type McpConfig, readMcpConfig } from "./env.ts";
import { createLogger } from "./logger.ts";
import { servePrebuiltToolsList } from "./prebuilt-tools-list.ts";
import { FramedStdioServerTransport } from "./stdio-transport.ts";
import { APP_VERSION } from "./version.ts";

/**
 * If no request has needed the runtime by then, it is opened this long after start-up anyway, to
 * deliver queued handoffs and to report a store that cannot be opened.
 */
const OPEN_RUNTIME_AFTER_MS = 500;

/**
 * Start-up, loaded by `main.ts`: reads the environment, serves MCP over stdio until stdin closes or a
 * signal comes, and opens the shared runtime (the same SQLite store and helpdesk as http-ingest) on
 * the first request that needs it, or shortly after start-up: `initialize` and `tools/list` are
 * answered before the stores are opened. Misconfiguration stops start-up with exit code 1 and one
 * message on stderr naming every bad variable (the SDP ones included), before anything is served or
 * opened; a store that cannot be opened stops the server the same way once it is tried.
 */
export async function start(): Promise<void> {
  let config: McpConfig;
  try {
    config = readMcpConfig(process.env);
  } catch (error) {
    return failStart(error);
  }
  const logger = createLogger(config.common.logLevel);
  let closing = false;
  let opening: Promise<Runtime> | undefined;
  const openRuntime = (): Promise<Runtime> => {
    // Imported here, not at the top: the stores, helpdesks and their libraries load only when the
    // runtime opens, after `initialize` and `tools/list` were answered.
    opening ??= import("@ispn/runtime")
      .then(({ createRuntime }) => createRuntime({ config: config.common, logger }))
      .then(
        (runtime) => {
          // Deliver queued handoffs (ours, or http-ingest's on the shared store; leases keep it to one deliverer each).
          if (!closing) runtime.deliverer.start();
          logger.info(
            { helpdesk: runtime.helpdesk.kind, store: runtime.stores.kind },
            "helpdesk and store open",
          );
          return runtime;
        },
        (error: unknown) => {
          failStart(error);
          process.exit();
        },
      );
    return opening;
  };
  const server = createMcpServer({
    runtime: { config: config.common, open: openRuntime },
    logger,
    version: APP_VERSION,
    callTimeoutMs: config.callTimeoutMs,
  });
  const prebuilt = servePrebuiltToolsList(server, config.common.taxonomy);

  let openTimer: NodeJS.Timeout | undefined;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    clearTimeout(openTimer);
    logger.info({ reason }, "shutting down");
    try {
      await server.close();
      await (await opening)?.close();
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exitCode = 1;
    }
    process.exit();
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // The client closing our stdin is the normal end of a stdio session (Claude Desktop quitting).
  process.stdin.once("end", () => void shutdown("stdin closed"));

  server.server.onerror = (error) => logger.warn({ err: error }, "MCP protocol error");
  await server.connect(
    new FramedStdioServerTransport(process.stdin, process.stdout, {
      logger,
      maxMessageBytes: config.maxMessageBytes,
    }),
  );
  openTimer = setTimeout(() => void openRuntime(), OPEN_RUNTIME_AFTER_MS);
  logger.info(
    {
      helpdesk: config.common.helpdesk.kind,
      store: config.common.store.kind,
      dataDir: config.common.dataDir,
      toolsList: prebuilt ? "prebuilt" : "live",
    },
    "MCP server ready on stdio",
  );
}

function failStart(error: unknown): void {
  const message = isConfigError(error)
    ? error.message
    : `ispn-helpdesk-mcp could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
