import type { CachedToken, TokenCache } from "../ports/stores.ts";
import type { TokenCipher } from "./token-cipher.ts";

/** Options of {@link encryptTokenCache}. */
export interface EncryptedTokenCacheOptions {
  /**
   * Called when a stored token cannot be decrypted (the key changed, the value was tampered with or
   * written by an older release). The read is then a miss, so a new token is minted.
   */
  onUnreadable?: (key: string) => void;
}

/**
 * `inner` with every access token sealed by `cipher` before it is stored and opened when read. The
 * sealed value is bound to the cache key and the expiry, so neither can be swapped. A value that
 * does not open reads as a miss, never an error. Locks and deletes pass through.
 */
export function encryptTokenCache(
  inner: TokenCache,
  cipher: TokenCipher,
  options: EncryptedTokenCacheOptions = {},
): TokenCache {
  const context = (key: string, expiresAt: number) => `sdp-token\0${key}\0${expiresAt}`;
  return {
    async get(key) {
      const stored = await inner.get(key);
      if (!stored) return undefined;
      const accessToken = cipher.open(stored.accessToken, context(key, stored.expiresAt));
      if (accessToken === undefined) {
        options.onUnreadable?.(key);
        return undefined;
      }
      return { accessToken, expiresAt: stored.expiresAt };
    },
    async set(key, token: CachedToken) {
      await inner.set(key, {
        accessToken: cipher.seal(token.accessToken, context(key, token.expiresAt)),
        expiresAt: token.expiresAt,
      });
    },
    delete: (key) => inner.delete(key),
    withLock: (key, lockOptions, fn) => inner.withLock(key, lockOptions, fn),
  };
}
