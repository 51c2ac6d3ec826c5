import { createHash, timingSafeEqual } from "node:crypto";

/** Compares secrets in constant time (hashing first so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** True when `presented` equals any of `accepted`; checks all of them so timing does not tell which. */
export function matchesAny(presented: string, accepted: readonly string[]): boolean {
  let found = false;
  for (const candidate of accepted) found = safeEqual(presented, candidate) || found;
  return found;
}

/** A short stable id for a secret, safe to log and to key rate limits by. */
export function secretId(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 12);
}
