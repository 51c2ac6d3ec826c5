declare module "parse-prometheus-text-format" {
  interface MetricFamily {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: unknown[];
  }
  /** Parses Prometheus text exposition; throws on some malformed lines. */
  export default function parse(text: string): MetricFamily[];
}
