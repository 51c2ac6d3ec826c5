import type { Helpdesk, Stores } from "@ispn/core";
import { createRuntime, type Runtime } from "@ispn/runtime";
import type { Logger } from "pino";
import type { IngestConfig } from "./env.ts";
import { meteredHelpdesk } from "./metered-helpdesk.ts";
import type { Metrics } from "./metrics.ts";

/** The shared runtime, with helpdesk latency and handoff outcomes feeding this app's metrics. */
export function createIngestRuntime(options: {
  config: IngestConfig;
  logger: Logger;
  metrics: Metrics;
  helpdesk?: Helpdesk;
  stores?: Stores;
}): Promise<Runtime> {
  const { metrics } = options;
  return createRuntime({
    config: options.config.common,
    logger: options.logger,
    decorateHelpdesk: (helpdesk) => meteredHelpdesk(helpdesk, metrics),
    onHandoffOutcome: ({ kind }) => metrics.handoffs.inc({ outcome: kind }),
    ...(options.helpdesk ? { helpdesk: options.helpdesk } : {}),
    ...(options.stores ? { stores: options.stores } : {}),
  });
}
