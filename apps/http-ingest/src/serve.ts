import { isConfigError } from "@ispn/runtime";
import { createApp } from "./app.ts";
import { createIngestRuntime } from "./compose.ts";
import { readIngestConfig } from "./env.ts";
import { applyHeapGrowth } from "./heap-growth.ts";
import { createLogger } from "./logger.ts";
import { createTokenRegistry } from "./mcp/token-registry.ts";
import { createMetrics } from "./metrics.ts";
import { postCallHeaderGate } from "./routes/post-call-header-gate.ts";
import { startServer } from "./server.ts";
import { startupBanner } from "./startup-banner.ts";
import { fixedSemiSpaceMb, YOUNG_GENERATION_FLAGS } from "./young-generation.ts";

async function main(): Promise<void> {
  const config = readIngestConfig(process.env);
  // Before any load: bounds the heap so no collection has hundreds of MB to free at once.
  const heapGrowthPercent = applyHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config.common.logLevel);
  const metrics = createMetrics();
  const runtime = await createIngestRuntime({ config, logger, metrics });
  let draining = false;
  const { mcp } = config;
  const tokens = mcp?.source
    ? createTokenRegistry({ source: mcp.source, entries: mcp.tokens, logger })
    : undefined;
  const app = createApp({
    runtime,
    config,
    logger,
    metrics,
    draining: () => draining,
    ...(mcp && tokens ? { mcp: { config: mcp, tokens } } : {}),
  });
  // Post-call webhooks with no valid-looking signature header are refused before the app builds a
  // request for them: a flood of them stays cheap (issue 16).
  const beforeApp = postCallHeaderGate({ secrets: config.elevenLabsSecrets, metrics, logger, now: Date.now });
  const server = await startServer(app, {
    host: config.host,
    port: config.port,
    logger,
    beforeApp,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
  });
  const semiSpaceMb = fixedSemiSpaceMb();
  logger.info(
    {
      url: server.url,
      helpdesk: runtime.helpdesk.kind,
      store: runtime.stores.kind,
      heapGrowthPercent,
      semiSpaceMb,
    },
    "http-ingest listening",
  );
  if (semiSpaceMb === undefined) {
    logger.info(
      { nodeFlags: YOUNG_GENERATION_FLAGS.join(" ") },
      "V8's young generation is not fixed: each time load makes it grow, a collection pauses to commit the memory (8-32 ms more, measured on a VM); start node with these flags (docs/deployment.md, What to watch)",
    );
  }
  process.stdout.write(startupBanner(server.url, config, runtime));
  // Deliver handoffs queued while the helpdesk could not take them (also those of earlier runs).
  runtime.deliverer.start();

  const stop = async (signal: string) => {
    if (draining) return;
    draining = true;
    if (config.shutdownDrainDelayMs > 0) {
      logger.info({ signal, delayMs: config.shutdownDrainDelayMs }, "draining: readiness answers 503");
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainDelayMs));
    }
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    await server.shutdown(config.shutdownTimeoutMs);
    tokens?.close();
    await runtime.close();
    logger.info({}, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  if (isConfigError(error)) {
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
  } else {
    process.stderr.write(
      `http-ingest failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
