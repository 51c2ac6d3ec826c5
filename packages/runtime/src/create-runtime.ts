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
  type RequestWork,
  type Result,
  type Stores,
} from "@ispn/core";
import { tokenKeyFilePath } from "@ispn/core/sqlite";
import type { MockHelpdesk } from "@ispn/helpdesk-mock";
import type { SdpClient, SdpObserver } from "@ispn/sdp-client";
import type { CommonConfig } from "./common-config.ts";
import { createHelpdesk, type OwnedHelpdesk } from "./create-helpdesk.ts";
import { createOutageProblems } from "./create-outage-problems.ts";
import { createStores } from "./create-stores.ts";
import { secureDataFiles } from "./data-dir.ts";
import { type BreakerOptions, type GuardedHelpdesk, guardHelpdesk } from "./guarded-helpdesk.ts";

/** Everything both apps compose: stores, helpdesk, and the handoff service over them. */
export interface Runtime {
  config: CommonConfig;
  stores: Stores;
  helpdesk: Helpdesk;
  /** The in-process mock when HELPDESK=mock, for demo pages and fault controls; else undefined. */
  mock: MockHelpdesk | undefined;
  /** The SDP client when HELPDESK=sdp, for the modules beside requests (problems, changes, …); else undefined. */
  sdp: SdpClient | undefined;
  handoffs: HandoffService;
  /**
   * Tasks, worklogs, attachments, pick-up and assignment on the same helpdesk (not behind the
   * circuit breaker: they are a technician's direct calls, never queued). Undefined when a test
   * passes a helpdesk without it.
   */
  work: RequestWork | undefined;
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
  /** With HELPDESK=sdp: told of every SDP API call and token mint (metrics). */
  sdpObserver?: SdpObserver;
  /** Circuit breaker settings. */
  breaker?: BreakerOptions;
  /** How long a handoff may take before it is queued (the service default: 8 s). */
  handoffBudgetMs?: number;
  /** Deliverer hooks and pacing (metrics, `paceMs`). */
  delivery?: Pick<OutboxDelivererOptions, "paceMs" | "onDelivered" | "onFailed" | "idleMs">;
  /** Overrides for tests: an already-built helpdesk and/or stores. */
  helpdesk?: Helpdesk;
  /** Override for tests: the `RequestWork` to use (default: the built helpdesk's, or `helpdesk.work` of a given mock). */
  work?: RequestWork;
  stores?: Stores;
}

/** Opens stores and helpdesk per the config. Throws `ConfigError` or `StoreError` at start-up. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const storeFile = !options.stores && config.store.kind === "sqlite" ? config.store.path : undefined;
  const mockFile =
    !options.helpdesk && config.helpdesk.kind === "mock" ? config.helpdesk.persistPath : undefined;
  secureDataFiles({
    dataDir: config.dataDir,
    databases: [storeFile, mockFile].filter((f): f is string => f !== undefined),
    files: storeFile ? [tokenKeyFilePath(storeFile)] : [],
    logger,
  });
  const stores = options.stores ?? (await createStores(config.store, logger, config.tokenKeys));
  let owned: OwnedHelpdesk;
  let outageProblems: Awaited<ReturnType<typeof createOutageProblems>>;
  try {
    owned = options.helpdesk
      ? { helpdesk: options.helpdesk, close: async () => {} }
      : await createHelpdesk(config.helpdesk, {
          logger,
          tokenCache: stores.tokenCache,
          sdpObserver: options.sdpObserver,
        });
    outageProblems = await createOutageProblems(config, { ...owned, injected: options.helpdesk }).catch(
      async (error: unknown) => {
        await owned.close();
        throw error;
      },
    );
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
    ...(outageProblems ? { outageProblems } : {}),
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
    sdp: owned.sdp,
    work: options.work ?? owned.work ?? workOf(options.helpdesk),
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

/** The `work` of a helpdesk that carries one (the mock's `RequestWork`). */
function workOf(helpdesk: Helpdesk | undefined): RequestWork | undefined {
  const work = (helpdesk as { work?: unknown } | undefined)?.work;
  return typeof work === "object" && work !== null ? (work as RequestWork) : undefined;
}
