import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * The keys that protect cached SDP tokens: `current` encrypts every write; `previous` keys are only
 * read, so tokens written before a key rotation stay usable until they expire. Secret: never log.
 */
export interface TokenKeys {
  current: Uint8Array;
  previous?: readonly Uint8Array[];
}

/** Seals short secrets (access tokens) for a store, bound to the context they were stored under. */
export interface TokenCipher {
  /** `plaintext` encrypted with the current key, bound to `context` (e.g. the cache key). */
  seal(plaintext: string, context: string): string;
  /**
   * The plaintext, or `undefined` when `sealed` cannot be opened: written with a key this cipher
   * does not hold, under another context, tampered with, or not a sealed value at all.
   */
  open(sealed: string, context: string): string | undefined;
}

/** AES-256-GCM needs exactly this many key bytes. */
export const TOKEN_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = "v1";

/**
 * AES-256-GCM with a random 96-bit IV per seal and the context as associated data, so a value
 * copied under another cache key does not open. A sealed value reads
 * `v1.<key id>.<iv>.<ciphertext + tag>` (base64url); the key id (a hash prefix, not the key)
 * picks the key on open, which is what makes rotation work. Throws `TypeError` for a key that is
 * not 32 bytes.
 */
export function createTokenCipher(keys: TokenKeys): TokenCipher {
  const current = toKeyEntry(keys.current);
  const byId = new Map([current, ...(keys.previous ?? []).map(toKeyEntry)].map((k) => [k.id, k.key]));
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return [FORMAT, current.id, iv.toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed, context) {
      const [format, id, ivText, bodyText, extra] = sealed.split(".");
      if (format !== FORMAT || !id || !ivText || !bodyText || extra !== undefined) return undefined;
      const key = byId.get(id);
      if (!key) return undefined;
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        // the tag did not verify: another key under the same id prefix, another context, tampering
        return undefined;
      }
    },
  };
}

/**
 * A 32-byte key from its text form: 64 hex digits, or base64 / base64url (44 characters with
 * padding, 43 without). `undefined` for anything else. Generate one with `openssl rand -base64 32`.
 */
export function parseTokenKey(text: string): Uint8Array | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === TOKEN_KEY_BYTES) return bytes;
  }
  return undefined;
}

/** A fresh random key (for a key file, or a process that keeps its tokens to itself). */
export function generateTokenKey(): Uint8Array {
  return randomBytes(TOKEN_KEY_BYTES);
}

function toKeyEntry(key: Uint8Array): { id: string; key: Buffer } {
  if (key.length !== TOKEN_KEY_BYTES) {
    throw new TypeError(`a token encryption key must be ${TOKEN_KEY_BYTES} bytes, got ${key.length}`);
  }
  const bytes = Buffer.from(key);
  // A short public fingerprint: says which key sealed a value without revealing anything usable.
  const id = createHash("sha256").update("ispn-token-key\0").update(bytes).digest("base64url").slice(0, 8);
  return { id, key: bytes };
}
