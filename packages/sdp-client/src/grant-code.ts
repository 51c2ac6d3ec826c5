import { type DataCenter, dataCenterHosts } from "./data-centers.ts";
import { SdpAuthError, SdpConfigError } from "./errors.ts";
import { requestToken } from "./oauth.ts";

/** Options of {@link exchangeGrantCode}. Give `accountsUrl`, or `dataCenter` (default US). */
export interface ExchangeGrantCodeOptions {
  accountsUrl?: string;
  dataCenter?: DataCenter;
  clientId: string;
  clientSecret: string;
  /** The code from the API console's Self Client → Generate Code (valid 3 minutes by default). */
  code: string;
  /** Only for server-based clients; self clients need none. */
  redirectUri?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What the code exchange yields. */
export interface GrantExchangeResult {
  refreshToken: string;
  accessToken: string;
  expiresInMs: number;
  accountsUrl: string;
  scope?: string;
}

/**
 * Exchanges a self-client grant code for a refresh token (`grant_type=authorization_code`).
 * Throws {@link SdpAuthError} on `invalid_code` (expired or used code), `invalid_client`, …
 */
export async function exchangeGrantCode(options: ExchangeGrantCodeOptions): Promise<GrantExchangeResult> {
  for (const [setting, value] of [
    ["SDP_CLIENT_ID", options.clientId],
    ["SDP_CLIENT_SECRET", options.clientSecret],
    ["code", options.code],
  ] as const) {
    if (!value?.trim()) throw new SdpConfigError(setting, "is required");
  }
  const hosts = dataCenterHosts(options.dataCenter ?? "US");
  const origins = options.accountsUrl
    ? [options.accountsUrl.trim().replace(/\/+$/, "")]
    : [hosts.accountsOrigin, ...hosts.alternateAccountsOrigins];
  const minted = await requestToken(
    {
      type: "authorization_code",
      code: options.code.trim(),
      ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}),
    },
    {
      accountsOrigins: origins,
      clientId: options.clientId.trim(),
      clientSecret: options.clientSecret.trim(),
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? 15_000,
      throttleRetryAfterMs: 600_000,
    },
  );
  if (!minted.refreshToken) {
    throw new SdpAuthError(
      "Zoho answered without a refresh token. Generate the code from a Self Client (or with access_type=offline) and try again.",
    );
  }
  return {
    refreshToken: minted.refreshToken,
    accessToken: minted.accessToken,
    expiresInMs: minted.expiresInMs,
    accountsUrl: minted.accountsOrigin,
    ...(minted.scope ? { scope: minted.scope } : {}),
  };
}
