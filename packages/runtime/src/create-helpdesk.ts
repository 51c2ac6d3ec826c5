import type { Helpdesk, Logger, RequestWork, TokenCache } from "@ispn/core";
import { createMockHelpdesk, type MockHelpdesk } from "@ispn/helpdesk-mock";
import type { SdpClient, SdpObserver } from "@ispn/sdp-client";
import type { HelpdeskConfig } from "./common-config.ts";
import { ConfigError } from "./config-error.ts";

/** A helpdesk plus how to release what it holds. */
export interface OwnedHelpdesk {
  helpdesk: Helpdesk;
  /** The mock itself when HELPDESK=mock (its fault controls and ticket pages serve demos). */
  mock?: MockHelpdesk;
  /** The SDP client when HELPDESK=sdp (problems, changes, solutions, assets, projects). */
  sdp?: SdpClient;
  /** Tasks, worklogs, attachments, pick-up and assignment on the same helpdesk. */
  work?: RequestWork;
  close(): Promise<void>;
}

/**
 * Builds the configured helpdesk: the mock (in process, persisted to a SQLite file shared by both
 * apps) or ServiceDesk Plus Cloud from the settings `readCommonConfig` validated, with the SDP token
 * shared through `tokenCache`. Throws `ConfigError` naming the SDP setting when a hand-built
 * config is wrong.
 */
export async function createHelpdesk(
  config: HelpdeskConfig,
  deps: { logger: Logger; tokenCache: TokenCache; sdpObserver?: SdpObserver | undefined },
): Promise<OwnedHelpdesk> {
  if (config.kind === "mock") {
    const mock = createMockHelpdesk({
      ...(config.persistPath === undefined ? {} : { persistPath: config.persistPath }),
      baseUrl: config.baseUrl,
    });
    return { helpdesk: mock, mock, work: mock.work, close: () => mock.close() };
  }
  // Loaded only when configured: keeps the SDP client off the start-up path of the default.
  const { createSdpClient, createSdpHelpdesk, createSdpRequestWork, SdpConfigError } = await import(
    "@ispn/sdp-client"
  );
  try {
    const client = createSdpClient({
      ...config.sdp.client,
      tokenCache: deps.tokenCache,
      logger: deps.logger,
      ...(deps.sdpObserver ? { observer: deps.sdpObserver } : {}),
    });
    const helpdesk = createSdpHelpdesk({ client, mapping: config.sdp.mapping, logger: deps.logger });
    return { helpdesk, sdp: client, work: createSdpRequestWork({ client }), close: async () => {} };
  } catch (error) {
    if (error instanceof SdpConfigError) {
      // The message is "<setting>: <what is wrong>"; the setting is the environment variable.
      const message = error.message.startsWith(`${error.setting}: `)
        ? error.message.slice(error.setting.length + 2)
        : error.message;
      throw new ConfigError([{ variable: error.setting, message }]);
    }
    throw error;
  }
}
