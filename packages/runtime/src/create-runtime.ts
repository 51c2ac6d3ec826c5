import {
  createHandoffService,
  type Handoff,
  type HandoffService,
  type Helpdesk,
  type Logger,
  prepareHandoff,
  type Result,
  type Stores,
} from "@ispn/core";
import type { MockHelpdesk } from "@ispn/helpdesk-mock";
import type { CommonConfig } from "./common-config.ts";
import { createHelpdesk, type OwnedHelpdesk } from "./create-helpdesk.ts";
import { createStores } from "./create-stores.ts";

/** Everything both apps compose: stores, helpdesk, and the handoff service over them. */
export interface Runtime {
  config: CommonConfig;
  stores: Stores;
  helpdesk: Helpdesk;
  /** The in-process mock when HELPDESK=mock, for demo pages and fault controls; else undefined. */
  mock: MockHelpdesk | undefined;
  handoffs: HandoffService;
  /** Validates a raw handoff body with this deployment's taxonomy and phone region. */
  prepare(raw: unknown): Result<Handoff>;
  /** Waits for background work, then closes the helpdesk and the stores. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: CommonConfig;
  /**
   * @deprecated Not read: every setting, the SDP ones included, comes from `config`
   * (`readCommonConfig`). Kept so existing callers compile; drop it from calls.
   */
  env?: Record<string, string | undefined>;
  logger: Logger;
  /** Wraps the helpdesk (e.g. with metrics) before the handoff service uses it. */
  decorateHelpdesk?: (helpdesk: Helpdesk) => Helpdesk;
  onHandoffOutcome?: Parameters<typeof createHandoffService>[0]["onOutcome"];
  /** Overrides for tests: an already-built helpdesk and/or stores. */
  helpdesk?: Helpdesk;
  stores?: Stores;
}

/** Opens stores and helpdesk per the config. Throws `ConfigError` or `StoreError` at start-up. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const stores = options.stores ?? (await createStores(config.store, logger));
  let owned: OwnedHelpdesk;
  try {
    owned = options.helpdesk
      ? { helpdesk: options.helpdesk, close: async () => {} }
      : await createHelpdesk(config.helpdesk, { logger, tokenCache: stores.tokenCache });
  } catch (error) {
    await stores.close();
    throw error;
  }
  const helpdesk = options.decorateHelpdesk ? options.decorateHelpdesk(owned.helpdesk) : owned.helpdesk;
  const handoffs = createHandoffService({
    helpdesk,
    dedup: stores.dedup,
    windowMs: config.dedupWindowMs,
    logger,
    ...(options.onHandoffOutcome ? { onOutcome: options.onHandoffOutcome } : {}),
  });
  return {
    config,
    stores,
    helpdesk,
    mock: owned.mock,
    handoffs,
    prepare: (raw) =>
      prepareHandoff(raw, { taxonomy: config.taxonomy, defaultRegion: config.defaultPhoneRegion }),
    async close() {
      await handoffs.drain();
      await owned.close();
      await stores.close();
    },
  };
}
