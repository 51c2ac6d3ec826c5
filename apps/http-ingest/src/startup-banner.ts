import type { Runtime } from "@ispn/runtime";
import type { IngestConfig } from "./env.ts";

/** What `pnpm start` prints: where the service is and a request to try. */
export function startupBanner(
  url: string,
  config: IngestConfig,
  runtime: Pick<Runtime, "helpdesk" | "stores" | "config">,
): string {
  const token = config.ingestTokens[0] ?? "<your INGEST_TOKENS value>";
  const store =
    runtime.config.store.kind === "sqlite" ? `sqlite (${runtime.config.store.path})` : runtime.stores.kind;
  const body = JSON.stringify({
    note: "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85",
    callerNumber: "(415) 555-0123",
    conversationId: "conv_demo_1",
  });
  return [
    "",
    `ISPN Helpdesk Bridge http-ingest listening on ${url}`,
    `  helpdesk: ${runtime.helpdesk.kind}   store: ${store}`,
    ...(config.generatedToken
      ? [`  ingest token (generated for this run; set INGEST_TOKENS to fix one): ${token}`]
      : []),
    "",
    "Try a handoff:",
    `  curl -s ${url}/ingest/oa-handoff \\`,
    `    -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\`,
    `    -d '${body}'`,
    "",
    `Health: ${url}/readyz   Metrics: ${url}/metrics   API: ${url}/openapi.json`,
    "",
  ].join("\n");
}
