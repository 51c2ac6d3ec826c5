import type { Helpdesk, Logger, TokenCache } from "@ispn/core";
import { createMockHelpdesk, type MockHelpdesk } from "@ispn/helpdesk-mock";
import type { HelpdeskConfig } from "./common-config.ts";
import { ConfigError } from "./config-error.ts";

/** A helpdesk plus how to release what it holds. */
export interface OwnedHelpdesk {
  helpdesk: Helpdesk;
  /** The mock itself when HELPDESK=mock (its fault controls and ticket pages serve demos). */
  mock?: MockHelpdesk;
  close(): Promise<void>;
}

/**
 * Builds the configured helpdesk: the mock (in process, persisted to a SQLite file shared by both
 * apps) or ServiceDesk Plus Cloud with the SDP token shared through `tokenCache`.
 * Throws `ConfigError` naming the SDP variable that is missing or wrong.
 */
export async function createHelpdesk(
  config: HelpdeskConfig,
  deps: { env: Record<string, string | undefined>; logger: Logger; tokenCache: TokenCache },
): Promise<OwnedHelpdesk> {
  if (config.kind === "mock") {
    const mock = createMockHelpdesk({
      ...(config.persistPath === undefined ? {} : { persistPath: config.persistPath }),
      baseUrl: config.baseUrl,
    });
    return { helpdesk: mock, mock, close: () => mock.close() };
  }
  // Loaded only when configured: keeps the SDP client off the start-up path of the default.
  const {
    createSdpClient,
    createSdpHelpdesk,
    isSdpError,
    resolveSdpConfigFromEnv,
    resolveSdpHelpdeskOptionsFromEnv,
  } = await import("@ispn/sdp-client");
  try {
    const client = createSdpClient({
      ...resolveSdpConfigFromEnv(deps.env),
      tokenCache: deps.tokenCache,
      logger: deps.logger,
    });
    const helpdesk = createSdpHelpdesk({
      client,
      ...resolveSdpHelpdeskOptionsFromEnv(deps.env),
      logger: deps.logger,
    });
    return { helpdesk, close: async () => {} };
  } catch (error) {
    if (isSdpError(error) && error.code === "config") {
      throw new ConfigError(
        error.message
          .split("\n")
          .filter((line) => line.trim())
          .map((line) => {
            const match = /^\s*(SDP_[A-Z_]+):?\s*(.*)$/.exec(line);
            return match
              ? { variable: match[1]!, message: match[2]! }
              : { variable: "SDP", message: line.trim() };
          }),
      );
    }
    throw error;
  }
}
