import { z } from "zod";
import {
  SdpAuthError,
  SdpNetworkError,
  SdpResponseError,
  SdpServerError,
  SdpTokenThrottledError,
} from "./errors.ts";
import { httpCall } from "./http.ts";

/** The two grants this package uses at `POST {accounts}/oauth/v2/token`. */
export type TokenGrant =
  | { type: "refresh_token"; refreshToken: string }
  | { type: "authorization_code"; code: string; redirectUri?: string };

/** Where and as whom to call the token endpoint. */
export interface TokenEndpoint {
  /** Primary accounts origin first; the others are tried only when it cannot be reached. */
  accountsOrigins: readonly string[];
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Put on a throttle error as the advised wait. */
  throttleRetryAfterMs: number;
}

/** A token the accounts server issued. */
export interface MintedToken {
  accessToken: string;
  /** The accounts origin that answered. */
  accountsOrigin: string;
  expiresInMs: number;
  /** Only on the code exchange (Zoho sends none on refresh). */
  refreshToken?: string;
  /** A `zohoapis` host, NOT the SDP host: never derive the SDP base URL from it (reference §3.2). */
  apiDomain?: string;
  scope?: string;
}

const tokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  // Seconds (3600). Older Zoho answers carried `expires_in` in ms next to `expires_in_sec` [I].
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  expires_in_sec: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  refresh_token: z.string().min(1).optional(),
  api_domain: z.string().optional(),
  scope: z.string().optional(),
});

const errorAnswer = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/**
 * Calls the Zoho token endpoint. Parameters go in a form body (the reference: body and query both
 * work; a body keeps the secret out of URLs and logs). Zoho often reports failures as HTTP 200 with
 * an `error` key, so the body is inspected whatever the status.
 *
 * Throws {@link SdpAuthError} (invalid_code, invalid_client, …), {@link SdpTokenThrottledError}
 * ("Access Denied … too many requests", on 200 or 400), {@link SdpServerError} (5xx),
 * {@link SdpResponseError}, or the network/timeout errors of the HTTP layer.
 */
export async function requestToken(grant: TokenGrant, endpoint: TokenEndpoint): Promise<MintedToken> {
  const body = new URLSearchParams({
    grant_type: grant.type,
    client_id: endpoint.clientId,
    client_secret: endpoint.clientSecret,
  });
  if (grant.type === "refresh_token") body.set("refresh_token", grant.refreshToken);
  else {
    body.set("code", grant.code);
    if (grant.redirectUri) body.set("redirect_uri", grant.redirectUri);
  }
  let lastError: unknown;
  for (const origin of endpoint.accountsOrigins) {
    try {
      const answer = await httpCall({
        fetch: endpoint.fetch,
        method: "POST",
        url: `${origin}/oauth/v2/token`,
        headers: { Accept: "application/json" },
        body,
        timeoutMs: endpoint.timeoutMs,
        ...(endpoint.signal ? { signal: endpoint.signal } : {}),
        label: `POST ${new URL(origin).host}/oauth/v2/token`,
      });
      return readTokenAnswer(grant, endpoint, origin, answer.status, answer.text);
    } catch (error) {
      // Only an unreachable host moves on to the alternate host of a disputed DC.
      if (!(error instanceof SdpNetworkError) || error.mayHaveBeenSent) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

function readTokenAnswer(
  grant: TokenGrant,
  endpoint: TokenEndpoint,
  origin: string,
  status: number,
  text: string,
): MintedToken {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    if (status >= 500)
      throw new SdpServerError(`Zoho accounts answered HTTP ${status}.`, { httpStatus: status });
    throw new SdpResponseError("Zoho accounts answered with something other than JSON.", {
      cause,
      httpStatus: status,
      detail: `token endpoint at ${origin}`,
    });
  }
  const failed = errorAnswer.safeParse(json);
  if (failed.success) throw tokenError(grant, endpoint, origin, status, failed.data);
  if (status >= 500)
    throw new SdpServerError(`Zoho accounts answered HTTP ${status}.`, { httpStatus: status });
  const ok = tokenAnswer.safeParse(json);
  if (!ok.success || status >= 300) {
    throw new SdpResponseError("Zoho accounts answered without an access token.", {
      ...(ok.success ? {} : { cause: ok.error }),
      httpStatus: status,
      detail: `token endpoint at ${origin}`,
    });
  }
  const t = ok.data;
  const seconds =
    t.expires_in_sec ??
    (t.expires_in !== undefined && t.expires_in > 86_400 ? t.expires_in / 1000 : t.expires_in);
  return {
    accessToken: t.access_token,
    accountsOrigin: origin,
    expiresInMs: (seconds ?? 3600) * 1000,
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.api_domain ? { apiDomain: t.api_domain } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
  };
}

function tokenError(
  grant: TokenGrant,
  endpoint: TokenEndpoint,
  origin: string,
  status: number,
  answer: { error: string; error_description?: string | undefined },
): Error {
  const kind = answer.error.trim().toLowerCase().replace(/\s+/g, "_");
  const options = { httpStatus: status, detail: `${origin}: ${answer.error}` };
  if (kind === "access_denied" || /too many requests/i.test(answer.error_description ?? "")) {
    return new SdpTokenThrottledError(endpoint.throttleRetryAfterMs, options);
  }
  if (kind === "invalid_code") {
    return new SdpAuthError(
      grant.type === "refresh_token"
        ? "SDP_REFRESH_TOKEN is invalid or revoked (Zoho: invalid_code). Run the onboarding command `sdp-oauth-onboard` to get a new refresh token."
        : "The grant code is invalid, expired or already used (Zoho: invalid_code). Generate a new code in the Zoho API console (Self Client → Generate Code) and run again before it expires.",
      options,
    );
  }
  if (kind === "invalid_client") {
    return new SdpAuthError(
      `SDP_CLIENT_ID is not known to ${new URL(origin).host} (Zoho: invalid_client). Check the client id, and that SDP_DATA_CENTER / SDP_ACCOUNTS_URL is the data centre where the client was registered.`,
      options,
    );
  }
  if (kind === "invalid_client_secret") {
    return new SdpAuthError("SDP_CLIENT_SECRET is wrong (Zoho: invalid_client_secret).", options);
  }
  return new SdpAuthError(`Zoho refused the token request (${answer.error}).`, options);
}
