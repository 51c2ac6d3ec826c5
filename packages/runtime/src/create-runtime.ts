import {
  createHandoffService,
  createOutboxDeliverer,
  type Handoff,
  type HandoffService,
  type Helpdesk,
  type Logger,
  type OutboxDeliverer,
  type OutboxDelivererOptions,
  prepareHandoff,
  type Result,
  type Stores,
} from "@ispn/core";
import type { MockHelpdesk } from "@ispn/helpdesk-mock";
import type { CommonConfig } from "./common-config.ts";
import { createHelpdesk, type OwnedHelpdesk } from "./create-helpdesk.ts";
import { createStores } from "./create-stores.ts";
import { type BreakerOptions, type GuardedHelpdesk, guardHelpdesk } from "./guarded-helpdesk.ts";

/** Everything both apps compose: stores, helpdesk, and the handoff service over them. */
export interface Runtime {
  config: CommonConfig;
  stores: Stores;
  helpdesk: Helpdesk;
  /** The in-process mock when HELPDESK=mock, for demo pages and fault controls; else undefined. */
  mock: MockHelpdesk | undefined;
  handoffs: HandoffService;
  /** The circuit breaker in front of the helpdesk. */
  breaker: GuardedHelpdesk["breaker"];
  /**
   * Delivers queued handoffs from the outbox once the helpdesk takes them again. Not started:
   * each app starts it (`deliverer.start()`); `close()` stops it.
   */
  deliverer: OutboxDeliverer;
  /** Validates a raw handoff body with this deployment's taxonomy and phone region. */
  prepare(raw: unknown): Result<Handoff>;
  /** Waits for background work, then closes the helpdesk and the stores. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: CommonConfig;
  logger: Logger;
  /** Wraps the helpdesk (e.g. with metrics) before the breaker and the handoff service use it. */
  decorateHelpdesk?: (helpdesk: Helpdesk) => Helpdesk;
  /** Circuit breaker settings. */
  breaker?: BreakerOptions;
  /** How long a handoff may take before it is queued (the service default: 8 s). */
  handoffBudgetMs?: number;
  /** Deliverer hooks and pacing (metrics, `paceMs`). */
  delivery?: Pick<OutboxDelivererOptions, "paceMs" | "onDelivered" | "onFailed" | "idleMs">;
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
  const decorated = options.decorateHelpdesk ? options.decorateHelpdesk(owned.helpdesk) : owned.helpdesk;
  const { helpdesk, breaker } = guardHelpdesk(decorated, {
    failures: config.resilience.breakerFailures,
    halfOpenAfterMs: config.resilience.breakerCooldownMs,
    ...options.breaker,
  });
  breaker.onStateChange((state) => {
    if (state === "open") logger.warn({ breaker: state }, "helpdesk circuit open: handoffs go to the outbox");
    else logger.info({ breaker: state }, `helpdesk circuit ${state}`);
  });
  const handoffs = createHandoffService({
    helpdesk,
    dedup: stores.dedup,
    outbox: stores.outbox,
    seen: stores.replay,
    helpdeskAvailable: breaker.available,
    windowMs: config.dedupWindowMs,
    noteDigestMs: config.resilience.noteDigestMs,
    logger,
    ...(options.handoffBudgetMs === undefined ? {} : { budgetMs: options.handoffBudgetMs }),
  });
  const deliverer = createOutboxDeliverer({
    outbox: stores.outbox,
    handoffs,
    helpdesk,
    helpdeskAvailable: breaker.available,
    logger,
    paceMs: config.resilience.deliveryPaceMs,
    concurrency: config.resilience.deliveryConcurrency,
    ...options.delivery,
  });
  return {
    config,
    stores,
    helpdesk,
    mock: owned.mock,
    handoffs,
    breaker,
    deliverer,
    prepare: (raw) =>
      prepareHandoff(raw, { taxonomy: config.taxonomy, defaultRegion: config.defaultPhoneRegion }),
    async close() {
      await deliverer.stop();
      await handoffs.drain();
      await owned.close();
      await stores.close();
    },
  };
}
