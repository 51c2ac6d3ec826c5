import { parseTokenKey, type TokenKeys } from "@ispn/core";
import type { ConfigProblem } from "./config-error.ts";

type Env = Record<string, string | undefined>;

const HOW = "a 32-byte key in base64 or hex; generate one with `openssl rand -base64 32`";

/**
 * The keys that encrypt cached SDP tokens at rest: `TOKEN_ENCRYPTION_KEY` (writes and reads) and
 * `TOKEN_ENCRYPTION_OLD_KEYS` (comma-separated, read only, for a rotation). `undefined` when no key
 * is set: the SQLite store then generates its own key file. With Redis and `HELPDESK=sdp` the key
 * is required, because every replica must decrypt the token the others share (a key generated per
 * host could not be). A bad value is reported without echoing it: it is a secret.
 */
export function readTokenKeys(
  env: Env,
  problems: ConfigProblem[],
  options: { sharedAcrossHosts: boolean },
): TokenKeys | undefined {
  const rawCurrent = env.TOKEN_ENCRYPTION_KEY?.trim() ?? "";
  const rawPrevious = (env.TOKEN_ENCRYPTION_OLD_KEYS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const previous: Uint8Array[] = [];
  rawPrevious.forEach((raw, i) => {
    const key = parseTokenKey(raw);
    if (key) previous.push(key);
    else
      problems.push({
        variable: "TOKEN_ENCRYPTION_OLD_KEYS",
        message: `key ${i + 1} of ${rawPrevious.length} is not ${HOW}`,
      });
  });
  if (rawCurrent === "") {
    if (rawPrevious.length > 0) {
      problems.push({
        variable: "TOKEN_ENCRYPTION_OLD_KEYS",
        message: "old keys are only read after a rotation: set TOKEN_ENCRYPTION_KEY to the new key too",
      });
    }
    if (options.sharedAcrossHosts) {
      problems.push({
        variable: "TOKEN_ENCRYPTION_KEY",
        message: `required with a Redis store and HELPDESK=sdp: the SDP access token is shared encrypted in Redis and every replica needs the same key. Set ${HOW}`,
      });
    }
    return undefined;
  }
  const current = parseTokenKey(rawCurrent);
  if (!current) {
    problems.push({ variable: "TOKEN_ENCRYPTION_KEY", message: `is not ${HOW}` });
    return undefined;
  }
  return previous.length > 0 ? { current, previous } : { current };
}
