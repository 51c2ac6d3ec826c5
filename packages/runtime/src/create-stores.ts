import type { Logger, Stores, TokenKeys } from "@ispn/core";
import { createMemoryStores } from "@ispn/core";
import { createSqliteStores } from "@ispn/core/sqlite";
import type { StoreConfig } from "./common-config.ts";

/**
 * Opens the configured stores, SDP tokens encrypted with `tokenKeys` (SQLite without keys: its own
 * key file). Throws `StoreError` when they cannot be opened.
 */
export async function createStores(
  config: StoreConfig,
  logger: Logger,
  tokenKeys?: TokenKeys | undefined,
): Promise<Stores> {
  switch (config.kind) {
    case "memory":
      return createMemoryStores();
    case "sqlite":
      logger.info({ store: "sqlite", path: config.path }, "opening the SQLite store");
      return createSqliteStores({ path: config.path, logger, ...(tokenKeys ? { tokenKeys } : {}) });
    case "redis":
      logger.info(
        { store: "redis", url: redactUrl(config.url), keyPrefix: config.keyPrefix },
        "connecting to Redis",
      );
      // Loaded only when configured: keeps the Redis client off the start-up path of the default.
      return (await import("@ispn/store-redis")).createRedisStores({
        url: config.url,
        keyPrefix: config.keyPrefix,
        logger,
        ...(tokenKeys ? { tokenKeys } : {}),
      });
  }
}

/** A URL safe to log: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
