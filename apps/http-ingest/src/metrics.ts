import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Prepended to every metric name, the process metrics included (`ispn_process_cpu_seconds_total`). */
export const METRICS_PREFIX = "ispn_";

/**
 * Latency buckets in seconds: fine from 0.5 s to 2 s around the 2 s handoff goal (so p95 and p99
 * near the goal are resolved to a quarter second), coarse beyond.
 */
export const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 5, 10, 20,
];

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]) {
  return new Counter<L>({ name: METRICS_PREFIX + name, help, labelNames, registers: [registry] });
}

function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
) {
  return new Histogram<L>({
    name: METRICS_PREFIX + name,
    help,
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
}

function gauge(registry: Registry, name: string, help: string) {
  return new Gauge({ name: METRICS_PREFIX + name, help, registers: [registry] });
}

/**
 * How often the event-loop lag is sampled, in ms. prom-client's (and Node's) default of 10 wakes an
 * idle process ≈ 200 times a second, which was all of an idle server's CPU (≈ 7 ms a second) and,
 * at 500 handoffs a second, ≈ 14 µs of every handoff. At 100 a stall shorter than 100 ms is seen
 * with a chance of its length ÷ 100 ms, so the p99 of `eventloop_lag` still shows stalls that
 * matter, from ≈ 10 samples a second.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * The service's metrics on their own prom-client registry: Node's process metrics (CPU, memory,
 * heap, GC, event-loop lag, handles) and this app's, every name prefixed `ispn_`. One registry
 * per call, so tests and several apps in one process do not share counters. Label values must be
 * few (routes, codes, outcomes), never input. Labels are passed per call: prom-client 15's
 * `labels()` children validate and hash their labels on every call too, so binding them up front
 * saves nothing (measured) and is not done.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({
    register: registry,
    prefix: METRICS_PREFIX,
    eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
  });
  // Gauges named like counters, which `promtool check metrics` rejects; the same numbers are the
  // sums of nodejs_active_{handles,requests,resources} by type, which stay.
  for (const name of ["active_handles_total", "active_requests_total", "active_resources_total"]) {
    registry.removeSingleMetric(`${METRICS_PREFIX}nodejs_${name}`);
  }
  const httpRequests = counter(
    registry,
    "http_requests_total",
    "HTTP requests by route, method and status.",
    ["route", "method", "status"],
  );
  const httpLatency = histogram(registry, "http_request_duration_seconds", "HTTP request latency by route.", [
    "route",
  ]);
  const handoffs = counter(
    registry,
    "handoffs_total",
    "Handoffs answered, by outcome: created, existing (joined an open ticket), queued (kept in the outbox) or failed (refused, counted once whatever failed).",
    ["outcome"],
  );
  const errors = counter(registry, "errors_total", "Error answers by error code.", ["code"]);
  const helpdeskLatency = histogram(
    registry,
    "helpdesk_request_duration_seconds",
    "Helpdesk port call latency (mock or SDP) by operation and outcome (ok or the helpdesk error code).",
    ["operation", "outcome"],
  );
  const sdpLatency = histogram(
    registry,
    "sdp_api_request_duration_seconds",
    "SDP API HTTP calls (each retry counted) by operation (method and path, ids as :id) and outcome (ok or the error code).",
    ["operation", "outcome"],
  );
  const sdpTokenMints = counter(
    registry,
    "sdp_token_mints_total",
    "Zoho access token mint attempts by outcome (ok, throttled or the error code); Zoho allows about 10 per 10 minutes.",
    ["outcome"],
  );
  const outboxDepth = gauge(
    registry,
    "outbox_depth",
    "Handoffs queued for the helpdesk and not yet delivered.",
  );
  const outboxOldestAge = gauge(
    registry,
    "outbox_oldest_age_seconds",
    "Age of the oldest undelivered handoff in the outbox (0 when empty).",
  );
  const outboxDeliveries = counter(
    registry,
    "outbox_deliveries_total",
    "Queued handoffs delivered by this process, by outcome: created or existing.",
    ["outcome"],
  );
  const outboxDeliveryFailures = counter(
    registry,
    "outbox_delivery_failures_total",
    "Failed delivery attempts of queued handoffs by this process (each is retried later).",
    [],
  );
  const breakerState = gauge(
    registry,
    "helpdesk_circuit_state",
    "The helpdesk circuit breaker: 0 closed, 1 half-open, 2 open (handoffs go straight to the outbox).",
  );
  return {
    registry,
    httpRequests,
    httpLatency,
    handoffs,
    errors,
    helpdeskLatency,
    sdpLatency,
    sdpTokenMints,
    outboxDepth,
    outboxOldestAge,
    outboxDeliveries,
    outboxDeliveryFailures,
    breakerState,
    /** The `Content-Type` of {@link render}'s text. */
    contentType: registry.contentType,
    /** Every metric in the Prometheus text format. */
    render: (): Promise<string> => registry.metrics(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
