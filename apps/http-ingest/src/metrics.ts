/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text
 * exposition format (version 0.0.4). Enough for our few series without another dependency.
 */
type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};

class Counter {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  readonly name: string;
  readonly help: string;
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

class Gauge {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  readonly name: string;
  readonly help: string;
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  set(labels: Labels, value: number): void {
    this.values.set(labelText(labels), { labels, value });
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

class Histogram {
  readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  readonly name: string;
  readonly help: string;
  readonly buckets: number[];
  constructor(name: string, help: string, buckets: number[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
  }
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    const s = this.series.get(key) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    for (const [i, b] of this.buckets.entries()) {
      if (value <= b) s.counts[i]!++;
    }
    s.sum += value;
    s.count++;
    this.series.set(key, s);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      for (const [i, b] of this.buckets.entries()) {
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`);
      }
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: "+Inf" })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

/** The service's metrics. */
export function createMetrics() {
  const httpRequests = new Counter("http_requests_total", "HTTP requests by route, method and status.");
  const handoffs = new Counter(
    "handoffs_total",
    "Handoffs answered, by outcome: created, existing (joined an open ticket), queued (kept in the outbox) or failed (refused, counted once whatever failed).",
  );
  const outboxDepth = new Gauge("outbox_depth", "Handoffs queued for the helpdesk and not yet delivered.");
  const outboxOldestAge = new Gauge(
    "outbox_oldest_age_seconds",
    "Age of the oldest undelivered handoff in the outbox (0 when empty).",
  );
  const outboxDeliveries = new Counter(
    "outbox_deliveries_total",
    "Queued handoffs delivered by this process, by outcome: created or existing.",
  );
  const outboxDeliveryFailures = new Counter(
    "outbox_delivery_failures_total",
    "Failed delivery attempts of queued handoffs by this process (each is retried later).",
  );
  const breakerState = new Gauge(
    "helpdesk_circuit_state",
    "The helpdesk circuit breaker: 0 closed, 1 half-open, 2 open (handoffs go straight to the outbox).",
  );
  const errors = new Counter("errors_total", "Error answers by error code.");
  const helpdeskLatency = new Histogram(
    "helpdesk_request_duration_seconds",
    "Helpdesk call latency by operation and outcome.",
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
  );
  const httpLatency = new Histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route.",
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
  );
  return {
    httpRequests,
    httpLatency,
    handoffs,
    errors,
    helpdeskLatency,
    outboxDepth,
    outboxOldestAge,
    outboxDeliveries,
    outboxDeliveryFailures,
    breakerState,
    render(): string {
      const all = [
        httpRequests,
        httpLatency,
        handoffs,
        errors,
        helpdeskLatency,
        outboxDepth,
        outboxOldestAge,
        outboxDeliveries,
        outboxDeliveryFailures,
        breakerState,
      ];
      return `${all.flatMap((m) => m.render()).join("\n")}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
