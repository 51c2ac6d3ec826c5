import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StoreError } from "../errors.ts";
import { generateTokenKey, parseTokenKey } from "../secrets/token-cipher.ts";

/** The key file's name, beside the database it protects tokens of. */
export const TOKEN_KEY_FILE_NAME = "token-encryption.key";

/** Where the SQLite store keeps its generated token key when none is configured. */
export function tokenKeyFilePath(databasePath: string): string {
  return join(dirname(databasePath), TOKEN_KEY_FILE_NAME);
}

/**
 * The key in `path`, created (owner-only, 0600) with a random key when missing. Two processes
 * starting at once agree on one key: the file appears whole or not at all (written aside, then
 * hard-linked into place, which fails when another process got there first). Throws `StoreError`
 * when the file holds something that is not a key, naming the file and the fix.
 */
export function loadOrCreateTokenKeyFile(path: string): { key: Uint8Array; created: boolean } {
  const existing = readKeyFile(path);
  if (existing) return { key: existing, created: false };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const aside = `${path}.${randomUUID()}.tmp`;
  writeFileSync(aside, `${Buffer.from(generateTokenKey()).toString("base64")}\n`, {
    mode: 0o600,
    flag: "wx",
  });
  try {
    linkSync(aside, path);
    return { key: readKeyFile(path)!, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw keyFileError(path, error);
    return { key: readKeyFile(path)!, created: false };
  } finally {
    unlinkSync(aside);
  }
}

function readKeyFile(path: string): Uint8Array | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw keyFileError(path, error);
  }
  const key = parseTokenKey(text);
  if (!key) {
    throw new StoreError(
      `${path} does not hold a 32-byte token encryption key (base64 or hex). Delete it to have a new one generated (cached SDP tokens are then minted again), or set TOKEN_ENCRYPTION_KEY.`,
    );
  }
  return key;
}

function keyFileError(path: string, error: unknown): StoreError {
  return new StoreError(`cannot read or create the token key file ${path}: ${(error as Error).message}`, {
    cause: error,
  });
}
