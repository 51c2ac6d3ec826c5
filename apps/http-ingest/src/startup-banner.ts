import type { Runtime } from "@ispn/runtime";
import type { IngestConfig } from "./env.ts";

const NOTE =
  "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85";

/**
 * What `pnpm start` prints: where the service is and handoffs to try. A configured secret is never
 * printed (the banner ends up in terminals, logs and screenshots): with `INGEST_TOKENS` set, the
 * requests read the token from `$INGEST_TOKEN`. Only the token generated for a demo run (mock
 * helpdesk, no token configured) is shown, with the ticket pages (a link that signs in with it: the
 * pages need the ingest token) and two handoffs from one caller on two calls that join one ticket.
 */
export function startupBanner(
  url: string,
  config: Pick<IngestConfig, "ingestTokens" | "generatedToken" | "mcp">,
  runtime: Pick<Runtime, "helpdesk" | "stores" | "config" | "mock">,
): string {
  const store =
    runtime.config.store.kind === "sqlite" ? `sqlite (${runtime.config.store.path})` : runtime.stores.kind;
  const demoToken = config.generatedToken ? config.ingestTokens[0] : undefined;
  const bearer = demoToken ?? "$INGEST_TOKEN";
  const handoff = (conversationId: string) => [
    `  curl -s ${url}/ingest/oa-handoff \\`,
    `    -H "Authorization: Bearer ${bearer}" -H 'Content-Type: application/json' \\`,
    `    -d '${JSON.stringify({ note: NOTE, callerNumber: "(415) 555-0123", conversationId })}'`,
  ];
  return [
    "",
    `ISPN Helpdesk Bridge http-ingest listening on ${url}`,
    `  helpdesk: ${runtime.helpdesk.kind}   store: ${store}`,
    ...(demoToken
      ? [`  ingest token (generated for this run; set INGEST_TOKENS to fix one): ${demoToken}`]
      : ["  ingest token: one of INGEST_TOKENS (not shown); export INGEST_TOKEN=<it> to try the requests"]),
    ...(runtime.mock
      ? demoToken
        ? [`  tickets: ${url}/?token=${demoToken}   (the mock helpdesk's pages; watch handoffs arrive)`]
        : [`  tickets: ${url}/   (the mock helpdesk's pages; sign in with one of INGEST_TOKENS)`]
      : []),
    config.mcp?.enabled
      ? `  remote MCP: ${url}/mcp   (${config.mcp.tokens.length} tokens; public URL ${config.mcp.publicUrl})`
      : "  remote MCP: off (set MCP_TOKENS_FILE to serve /mcp)",
    "",
    "Try a handoff, then the same caller on another call: the second joins the first one's ticket.",
    ...handoff("conv_demo_1"),
    ...handoff("conv_demo_2"),
    "",
    `Health: ${url}/readyz   Metrics: ${url}/metrics   API: ${url}/openapi.json`,
    "",
  ].join("\n");
}
