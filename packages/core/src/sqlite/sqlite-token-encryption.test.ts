import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isStoreError } from "../errors.ts";
import { generateTokenKey } from "../secrets/token-cipher.ts";
import { createSqliteStores } from "./sqlite-stores.ts";
import { TOKEN_KEY_FILE_NAME } from "./sqlite-token-key-file.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-sqlite-token-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(dir, `case-${n++}`);

const TOKEN = "1000.a8f3c9e1d2b4-zoho-access-token-DISTINCTIVE";
const token = { accessToken: TOKEN, expiresAt: Date.now() + 3_600_000 };
const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== "win32";

describe("SDP tokens in the SQLite store", () => {
  it("are not readable in the database file nor its WAL", async () => {
    const path = join(freshDir(), "bridge.sqlite");
    const stores = createSqliteStores({ path, cleanupIntervalMs: 0 });
    await stores.tokenCache.set("sdp:token", token);
    expect(await stores.tokenCache.get("sdp:token")).toEqual(token);
    // while open, the write sits in the WAL; after close, in the database file
    const needle = Buffer.from(TOKEN);
    for (const file of [path, `${path}-wal`]) expect(readFileSync(file).includes(needle)).toBe(false);
    await stores.close();
    expect(readFileSync(path).includes(needle)).toBe(false);
  });

  it.skipIf(!posix)(
    "are kept in owner-only files: database, WAL, shared memory, key file, directory",
    async () => {
      const parent = freshDir();
      const path = join(parent, "bridge.sqlite");
      const stores = createSqliteStores({ path, cleanupIntervalMs: 0 });
      await stores.tokenCache.set("sdp:token", token);
      expect(mode(parent)).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`, join(parent, TOKEN_KEY_FILE_NAME)]) {
        expect([file, mode(file)]).toEqual([file, 0o600]);
      }
      await stores.close();
    },
  );

  it("survive a restart with the generated key file", async () => {
    const path = join(freshDir(), "bridge.sqlite");
    const first = createSqliteStores({ path, cleanupIntervalMs: 0 });
    await first.tokenCache.set("sdp:token", token);
    await first.close();
    const second = createSqliteStores({ path, cleanupIntervalMs: 0 });
    expect(await second.tokenCache.get("sdp:token")).toEqual(token);
    await second.close();
  });

  it("read as a miss, not an error, under another key; the next write works", async () => {
    const path = join(freshDir(), "bridge.sqlite");
    const warnings: string[] = [];
    const logger = { ...silent, warn: (_f: object, msg?: string) => void warnings.push(msg ?? "") };
    const first = createSqliteStores({
      path,
      cleanupIntervalMs: 0,
      tokenKeys: { current: generateTokenKey() },
    });
    await first.tokenCache.set("sdp:token", token);
    await first.close();
    const second = createSqliteStores({
      path,
      cleanupIntervalMs: 0,
      tokenKeys: { current: generateTokenKey() },
      logger,
    });
    expect(await second.tokenCache.get("sdp:token")).toBeUndefined();
    expect(warnings.join()).toMatch(/could not be decrypted/);
    await second.tokenCache.set("sdp:token", token);
    expect(await second.tokenCache.get("sdp:token")).toEqual(token);
    await second.close();
  });

  it("written before a key rotation are read with the previous key", async () => {
    const path = join(freshDir(), "bridge.sqlite");
    const oldKey = generateTokenKey();
    const before = createSqliteStores({ path, cleanupIntervalMs: 0, tokenKeys: { current: oldKey } });
    await before.tokenCache.set("sdp:token", token);
    await before.close();
    const after = createSqliteStores({
      path,
      cleanupIntervalMs: 0,
      tokenKeys: { current: generateTokenKey(), previous: [oldKey] },
    });
    expect(await after.tokenCache.get("sdp:token")).toEqual(token);
    await after.close();
  });

  it("stored under one cache key do not read under another (a copied row is a miss)", async () => {
    const path = join(freshDir(), "bridge.sqlite");
    const stores = createSqliteStores({ path, cleanupIntervalMs: 0 });
    await stores.tokenCache.set("sdp:token:a", token);
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(path);
    db.exec(
      "INSERT INTO tokens (key, access_token, expires_at) SELECT 'sdp:token:b', access_token, expires_at FROM tokens",
    );
    db.close();
    expect(await stores.tokenCache.get("sdp:token:b")).toBeUndefined();
    await stores.close();
  });

  it("stored in plain text by an older release are erased from the file at start", async () => {
    const path = join(freshDir(), "bridge.sqlite");
    createSqliteStores({ path, cleanupIntervalMs: 0 }).close();
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO tokens (key, access_token, expires_at) VALUES (?, ?, ?)").run(
      "sdp:token",
      TOKEN,
      token.expiresAt,
    );
    db.close();
    expect(readFileSync(path).includes(Buffer.from(TOKEN))).toBe(true);
    const stores = createSqliteStores({ path, cleanupIntervalMs: 0 });
    expect(await stores.tokenCache.get("sdp:token")).toBeUndefined();
    await stores.close();
    expect(readFileSync(path).includes(Buffer.from(TOKEN))).toBe(false);
  });

  it("refuse to start on a key file that holds no key, naming the file and the fix", () => {
    const parent = freshDir();
    const path = join(parent, "bridge.sqlite");
    createSqliteStores({ path, cleanupIntervalMs: 0 }).close();
    writeFileSync(join(parent, TOKEN_KEY_FILE_NAME), "not a key\n");
    let error: unknown;
    try {
      createSqliteStores({ path, cleanupIntervalMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error)).toBe(true);
    expect((error as Error).message).toContain(join(parent, TOKEN_KEY_FILE_NAME));
    expect((error as Error).message).toMatch(/Delete it/);
  });
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
