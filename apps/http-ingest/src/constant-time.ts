import { hash, timingSafeEqual } from "node:crypto";

const sha256 = (value: string): Buffer => hash("sha256", value, "buffer");

/** Compares secrets in constant time (hashing first so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** True when `presented` equals any of `accepted`; checks all of them so timing does not tell which. */
export function matchesAny(presented: string, accepted: readonly string[]): boolean {
  let found = false;
  for (const candidate of accepted) found = safeEqual(presented, candidate) || found;
  return found;
}

/** A short stable id for a secret, safe to log and to key rate limits by. */
export function secretId(secret: string): string {
  return sha256(secret).toString("hex").slice(0, 12);
}

/**
 * Accepted secrets hashed once, so checking a presented one costs one sha256 (the hot path's bearer
 * token); compared in constant time against all of them, so timing does not tell which matched.
 */
export class SecretSet {
  readonly #digests: Buffer[];

  constructor(secrets: readonly string[]) {
    this.#digests = secrets.map(sha256);
  }

  /** The presented secret's `secretId` when it is one of the set, else undefined. */
  match(presented: string): string | undefined {
    const digest = sha256(presented);
    let found = false;
    for (const accepted of this.#digests) found = timingSafeEqual(digest, accepted) || found;
    return found ? digest.toString("hex").slice(0, 12) : undefined;
  }
}
