import type { Helpdesk, Stores } from "@ispn/core";
import { createRuntime, type Runtime } from "@ispn/runtime";
import type { Logger } from "pino";
import type { IngestConfig } from "./env.ts";
import { meteredHelpdesk } from "./metered-helpdesk.ts";
import type { Metrics } from "./metrics.ts";
import { sdpMetrics } from "./sdp-metrics.ts";

const BREAKER_GAUGE = { closed: 0, "half-open": 1, open: 2 } as const;

/**
 * The shared runtime, with helpdesk latency, SDP calls and token mints, outbox deliveries and the
 * circuit breaker feeding this app's metrics. Handoff outcomes are counted by the route (once per answer).
 */
export async function createIngestRuntime(options: {
  config: IngestConfig;
  logger: Logger;
  metrics: Metrics;
  helpdesk?: Helpdesk;
  stores?: Stores;
  /** Overrides for tests: breaker settings. */
  breaker?: { failures?: number; halfOpenAfterMs?: number };
}): Promise<Runtime> {
  const { metrics } = options;
  const runtime = await createRuntime({
    config: options.config.common,
    logger: options.logger,
    decorateHelpdesk: (helpdesk) => meteredHelpdesk(helpdesk, metrics),
    sdpObserver: sdpMetrics(metrics),
    handoffBudgetMs: options.config.handoffBudgetMs,
    delivery: {
      onDelivered: (_entry, result) => metrics.outboxDeliveries.inc({ outcome: result.outcome }),
      onFailed: () => metrics.outboxDeliveryFailures.inc(),
    },
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.helpdesk ? { helpdesk: options.helpdesk } : {}),
    ...(options.stores ? { stores: options.stores } : {}),
  });
  metrics.breakerState.set({}, BREAKER_GAUGE[runtime.breaker.state()]);
  runtime.breaker.onStateChange((state) => metrics.breakerState.set({}, BREAKER_GAUGE[state]));
  return runtime;
}
