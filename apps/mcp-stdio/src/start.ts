import { createMcpServer } from "@ispn/mcp-server";
import { createRuntime, isConfigError, type Runtime } from "@ispn/runtime";
import { type McpConfig, readMcpConfig } from "./env.ts";
import { createLogger } from "./logger.ts";
import { FramedStdioServerTransport } from "./stdio-transport.ts";
import { APP_VERSION } from "./version.ts";

/**
 * Start-up, loaded by `main.ts`: reads the environment, opens the shared runtime (the same SQLite
 * store and helpdesk as http-ingest), and serves MCP over stdio until stdin closes or a signal comes.
 * Misconfiguration stops start-up with exit code 1 and one message on stderr naming every bad
 * variable (the SDP ones included), before any store is opened.
 */
export async function start(): Promise<void> {
  let config: McpConfig;
  try {
    config = readMcpConfig(process.env);
  } catch (error) {
    return failStart(error);
  }
  const logger = createLogger(config.common.logLevel);
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ config: config.common, logger });
  } catch (error) {
    return failStart(error);
  }
  const server = createMcpServer({
    runtime,
    logger,
    version: APP_VERSION,
    callTimeoutMs: config.callTimeoutMs,
  });

  let closing = false;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    logger.info({ reason }, "shutting down");
    try {
      await server.close();
      await runtime.close();
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
  // Deliver queued handoffs (ours, or http-ingest's on the shared store; leases keep it to one deliverer each).
  runtime.deliverer.start();
  logger.info(
    { helpdesk: runtime.helpdesk.kind, store: runtime.stores.kind, dataDir: config.common.dataDir },
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
