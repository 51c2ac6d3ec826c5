import { randomBytes } from "node:crypto";

/** Test and demo controls of the fake Zoho accounts server. */
export interface MockOAuth {
  /** How many requests reached `POST /oauth/v2/token` (any grant, any outcome). */
  tokenRequests(): number;
  /** Revokes a refresh token and the access tokens minted from it. */
  revokeRefreshToken(token: string): void;
  /** Expires every access token issued so far: the API answers 401 until a new one is minted. */
  expireAccessTokens(): void;
  /** A fresh grant code (self-client "Generate Code"), valid 3 minutes, usable once. */
  issueGrantCode(): string;
}

/** Options of the fake accounts server. */
export interface OAuthOptions {
  now: () => number;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenLifetimeSec: number;
  mintLimit: { max: number; windowMs: number; httpStatus: 200 | 400 };
  acceptBearer: boolean;
}

/** The outcome of checking an `Authorization` header. */
export type AuthCheck = "ok" | "missing" | "invalid" | "expired";

/** The fake accounts server: token minting and checking. */
export interface OAuthServer {
  readonly controls: MockOAuth;
  /** Answers a token request from its parameters (query and form merged): HTTP status and JSON. */
  token(params: URLSearchParams): { status: 200 | 400; body: Record<string, unknown> };
  /** Revokes a refresh token (`POST /oauth/v2/token/revoke`). */
  revoke(token: string): void;
  check(authorization: string | undefined): AuthCheck;
}

const GRANT_CODE_LIFETIME_MS = 3 * 60_000;
const API_DOMAIN = "https://www.zohoapis.com";
const opaque = () => `1000.${randomBytes(16).toString("hex")}.${randomBytes(16).toString("hex")}`;

/**
 * Creates the fake Zoho accounts server (reference §3): refresh_token and authorization_code grants
 * answering Zoho's JSON; errors as HTTP 200 with an `error` key (`invalid_code`, `invalid_client`,
 * `invalid_client_secret`); at most `mintLimit.max` access tokens per refresh token in
 * `mintLimit.windowMs`, then "Access Denied"; access tokens that expire after `tokenLifetimeSec`.
 */
export function createOAuthServer(options: OAuthOptions): OAuthServer {
  const { now } = options;
  const refreshTokens = new Set([options.refreshToken]);
  const grantCodes = new Map<string, number>();
  const accessTokens = new Map<string, { expiresAt: number; refreshToken: string }>();
  const mints = new Map<string, number[]>();
  let requests = 0;

  const mint = (refreshToken: string) => {
    const accessToken = opaque();
    accessTokens.set(accessToken, { expiresAt: now() + options.tokenLifetimeSec * 1000, refreshToken });
    return {
      access_token: accessToken,
      api_domain: API_DOMAIN,
      token_type: "Bearer",
      expires_in: options.tokenLifetimeSec,
    };
  };
  const throttled = (key: string) => {
    const recent = (mints.get(key) ?? []).filter((t) => now() - t < options.mintLimit.windowMs);
    mints.set(key, recent);
    if (recent.length >= options.mintLimit.max) return true;
    recent.push(now());
    return false;
  };
  const denied = {
    status: options.mintLimit.httpStatus,
    body: {
      error_description: "You have made too many requests continuously. Please try again after some time.",
      error: "Access Denied",
      status: "failure",
    },
  };
  const error = (code: string) => ({ status: 200 as const, body: { error: code } });

  const controls: MockOAuth = {
    tokenRequests: () => requests,
    revokeRefreshToken: (token) => server.revoke(token),
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now() - 1);
    },
    issueGrantCode() {
      const code = opaque();
      grantCodes.set(code, now() + GRANT_CODE_LIFETIME_MS);
      return code;
    },
  };

  const server: OAuthServer = {
    controls,
    token(params) {
      requests += 1;
      if (params.get("client_id") !== options.clientId) return error("invalid_client");
      if (params.get("client_secret") !== options.clientSecret) return error("invalid_client_secret");
      const grant = params.get("grant_type");
      if (grant === "refresh_token") {
        const refreshToken = params.get("refresh_token") ?? "";
        if (!refreshTokens.has(refreshToken)) return error("invalid_code");
        if (throttled(refreshToken)) return denied;
        return { status: 200, body: mint(refreshToken) };
      }
      if (grant === "authorization_code") {
        const code = params.get("code") ?? "";
        const expiresAt = grantCodes.get(code);
        grantCodes.delete(code);
        if (expiresAt === undefined || expiresAt < now()) return error("invalid_code");
        const refreshToken = opaque();
        refreshTokens.add(refreshToken);
        if (throttled(refreshToken)) return denied;
        return { status: 200, body: { ...mint(refreshToken), refresh_token: refreshToken } };
      }
      return error("unsupported_grant_type");
    },
    revoke(token) {
      refreshTokens.delete(token);
      for (const [access, entry] of accessTokens)
        if (entry.refreshToken === token) accessTokens.delete(access);
    },
    check(authorization) {
      if (!authorization?.trim()) return "missing";
      const [scheme = "", token = ""] = authorization.trim().split(/\s+/, 2);
      const schemeOk =
        scheme.toLowerCase() === "zoho-oauthtoken" ||
        (options.acceptBearer && scheme.toLowerCase() === "bearer");
      const entry = accessTokens.get(token);
      if (!schemeOk || !entry) return "invalid";
      return entry.expiresAt <= now() ? "expired" : "ok";
    },
  };
  return server;
}
