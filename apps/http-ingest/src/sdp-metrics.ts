import type { SdpObserver } from "@ispn/sdp-client";
import type { Metrics } from "./metrics.ts";

/**
 * Feeds SDP API calls (`ispn_sdp_api_request_duration_seconds`, by operation and outcome) and Zoho
 * token mints (`ispn_sdp_token_mints_total`, by outcome) into `metrics`.
 */
export function sdpMetrics(metrics: Metrics): SdpObserver {
  return {
    onApiCall: ({ operation, outcome, seconds }) =>
      metrics.sdpLatency.observe({ operation, outcome }, seconds),
    onTokenMint: ({ outcome }) => metrics.sdpTokenMints.inc({ outcome }),
  };
}
