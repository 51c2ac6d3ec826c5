import type { Result } from "@ispn/core";
import { readSdpClientEnv, type SdpClientConfig } from "./config.ts";
import { readSdpHelpdeskEnv } from "./helpdesk-env.ts";
import type { RequestMapping } from "./request-mapping.ts";

/** Everything `HELPDESK=sdp` needs from the environment, validated. Holds secrets: never log it. */
export interface SdpSettings {
  /** For `createSdpClient` (add `tokenCache`, `logger`, …). */
  client: SdpClientConfig;
  /** For `createSdpHelpdesk`'s `mapping`. */
  mapping: Partial<RequestMapping>;
}

/**
 * Reads and validates every `SDP_*` variable at once — the client's and the adapter mapping's (see
 * README) — so start-up can report every problem together. On failure, one issue per wrong or
 * missing variable, its `path` being the variable's name and `message` what is wrong.
 * Served as `@ispn/sdp-client/env`, which loads no HTTP client code.
 */
export function readSdpEnv(env: Record<string, string | undefined>): Result<SdpSettings> {
  const client = readSdpClientEnv(env);
  const helpdesk = readSdpHelpdeskEnv(env);
  if (!client.ok || !helpdesk.ok) {
    return {
      ok: false,
      issues: [...(client.ok ? [] : client.issues), ...(helpdesk.ok ? [] : helpdesk.issues)],
    };
  }
  return { ok: true, value: { client: client.value, mapping: helpdesk.value.mapping } };
}
