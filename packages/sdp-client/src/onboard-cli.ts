#!/usr/bin/env node
/**
 * `sdp-oauth-onboard`: exchanges a Zoho self-client grant code for a refresh token and prints the
 * environment lines to set. Client id and secret come from `SDP_CLIENT_ID` / `SDP_CLIENT_SECRET`
 * (or flags); the data centre from `SDP_DATA_CENTER` / `--dc`, or `SDP_ACCOUNTS_URL` / `--accounts-url`.
 *
 *   SDP_CLIENT_ID=1000.… SDP_CLIENT_SECRET=… sdp-oauth-onboard --dc EU <grant code>
 */
import { parseArgs } from "node:util";
import { DATA_CENTERS, isDataCenter } from "./data-centers.ts";
import { isSdpError } from "./errors.ts";
import { exchangeGrantCode } from "./grant-code.ts";

/** The process surroundings of the command (injectable for tests). */
export interface OnboardIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  fetch?: typeof fetch;
}

const USAGE = `Usage: sdp-oauth-onboard [--dc US|EU|IN|AU|CN|JP|CA|UK|SA|AE] [--accounts-url URL]
                         [--client-id ID] [--client-secret SECRET] <grant code>

1. In the Zoho API console of your data centre, open your Self Client, tab "Generate Code".
2. Scope: SDPOnDemand.requests.ALL,SDPOnDemand.setup.READ,SDPOnDemand.users.READ
3. Run this command with the code within its validity (3 minutes by default).
Client id and secret are read from SDP_CLIENT_ID and SDP_CLIENT_SECRET when not given.`;

/** Runs the onboarding command; resolves to the process exit code. */
export async function runOnboardCli(argv: readonly string[], io: OnboardIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const code = values.code ?? positionals[0];
  const clientId = values["client-id"] ?? io.env.SDP_CLIENT_ID;
  const clientSecret = values["client-secret"] ?? io.env.SDP_CLIENT_SECRET;
  const dc = (values.dc ?? io.env.SDP_DATA_CENTER ?? "US").trim().toUpperCase();
  const accountsUrl = values["accounts-url"] ?? io.env.SDP_ACCOUNTS_URL;
  const missing = [
    !code && "the grant code",
    !clientId && "SDP_CLIENT_ID (or --client-id)",
    !clientSecret && "SDP_CLIENT_SECRET (or --client-secret)",
  ].filter(Boolean);
  if (missing.length > 0) {
    io.err(`Missing ${missing.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  if (!isDataCenter(dc)) {
    io.err(`SDP_DATA_CENTER / --dc must be one of ${DATA_CENTERS.join(", ")}; got "${dc}".`);
    return 2;
  }
  try {
    const result = await exchangeGrantCode({
      ...(accountsUrl ? { accountsUrl } : { dataCenter: dc }),
      clientId: clientId as string,
      clientSecret: clientSecret as string,
      code: code as string,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    io.err(
      `Refresh token issued by ${result.accountsUrl}${result.scope ? ` for scope ${result.scope}` : ""}.`,
    );
    io.err(
      "Add these lines to your environment (.env). Keep them secret; the refresh token does not expire until revoked.",
    );
    io.out(`SDP_DATA_CENTER=${dc}`);
    if (accountsUrl) io.out(`SDP_ACCOUNTS_URL=${accountsUrl}`);
    io.out(`SDP_CLIENT_ID=${clientId}`);
    io.out(`SDP_CLIENT_SECRET=${clientSecret}`);
    io.out(`SDP_REFRESH_TOKEN=${result.refreshToken}`);
    io.out("# Also set SDP_PORTAL (from the web URL /app/<portal>/) and, for a custom domain, SDP_BASE_URL.");
    return 0;
  } catch (error) {
    io.err(`Onboarding failed: ${isSdpError(error) ? error.message : String(error)}`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      code: { type: "string" },
      dc: { type: "string" },
      "accounts-url": { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

if (import.meta.main) {
  const exitCode = await runOnboardCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exitCode = exitCode;
}
