import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTokenKey, type Logger, silentLogger } from "@ispn/core";
import { afterAll, describe, expect, it } from "vitest";
import { readCommonConfig } from "./common-config.ts";
import { type ConfigError, isConfigError } from "./config-error.ts";
import { createRuntime } from "./create-runtime.ts";
import { secureDataFiles } from "./data-dir.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(dir, `case-${n++}`);
const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== "win32";
const b64 = (key: Uint8Array) => Buffer.from(key).toString("base64");
const TOKEN = "1000.5e2d-zoho-access-token-DISTINCTIVE";

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (fields: Record<string, unknown>, message?: string) =>
    void lines.push(`${message} ${JSON.stringify(fields)}`);
  return { lines, debug: record, info: record, warn: record, error: record };
}

describe.skipIf(!posix)("data files are owner-only", () => {
  it("a first start creates the data directory 0700 and every file in it 0600", async () => {
    const dataDir = freshDir();
    const runtime = await createRuntime({
      config: readCommonConfig({ DATA_DIR: dataDir }),
      logger: silentLogger,
    });
    await runtime.stores.tokenCache.set("sdp:token", { accessToken: TOKEN, expiresAt: Date.now() + 60_000 });
    const prepared = runtime.prepare({
      note: "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Drops\nConfidence: 0.8",
    });
    if (!prepared.ok) throw new Error("fixture");
    await runtime.handoffs.submit(prepared.value);
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [
      "bridge.sqlite",
      "bridge.sqlite-wal",
      "bridge.sqlite-shm",
      "token-encryption.key",
      "mock-helpdesk.sqlite",
      "mock-helpdesk.sqlite-wal",
    ]) {
      expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    }
    for (const file of ["bridge.sqlite", "bridge.sqlite-wal"]) {
      expect(readFileSync(join(dataDir, file)).includes(Buffer.from(TOKEN))).toBe(false);
    }
    await runtime.close();
  });

  it("existing files readable by others are tightened at start, and each change is logged", async () => {
    const dataDir = freshDir();
    const first = await createRuntime({
      config: readCommonConfig({ DATA_DIR: dataDir }),
      logger: silentLogger,
    });
    await first.close();
    chmodSync(dataDir, 0o755);
    for (const file of ["bridge.sqlite", "token-encryption.key", "mock-helpdesk.sqlite"]) {
      chmodSync(join(dataDir, file), 0o644);
    }
    const logger = recordingLogger();
    const second = await createRuntime({ config: readCommonConfig({ DATA_DIR: dataDir }), logger });
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ["bridge.sqlite", "token-encryption.key", "mock-helpdesk.sqlite"]) {
      expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    }
    const tightened = logger.lines.filter((l) => l.startsWith("tightened permissions"));
    expect(tightened).toHaveLength(4);
    expect(tightened.join("\n")).toContain(
      `"path":"${join(dataDir, "bridge.sqlite")}","from":"0644","to":"0600"`,
    );
    await second.close();
  });

  it("a database configured outside the data directory is tightened with its WAL files", () => {
    const elsewhere = freshDir();
    mkdirSync(elsewhere);
    const db = join(elsewhere, "custom.sqlite");
    for (const file of [db, `${db}-wal`, `${db}-shm`]) writeFileSync(file, "", { mode: 0o664 });
    chmodSync(db, 0o664);
    const changed = secureDataFiles({ dataDir: freshDir(), databases: [db], logger: silentLogger });
    expect(changed.map((c) => [c.path, c.to])).toEqual([
      [db, "0600"],
      [`${db}-wal`, "0600"],
      [`${db}-shm`, "0600"],
    ]);
  });

  it("leaves a data directory shared by design (sticky, like /tmp) as it is, but keeps the files private", () => {
    const shared = freshDir();
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const db = join(shared, "bridge.sqlite");
    secureDataFiles({ dataDir: shared, databases: [db], logger: silentLogger });
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(mode(db)).toBe(0o600);
  });
});

describe("token encryption settings", () => {
  const key = generateTokenKey();

  it("reads TOKEN_ENCRYPTION_KEY in base64 or hex, and old keys for a rotation", () => {
    const old = generateTokenKey();
    expect(readCommonConfig({ TOKEN_ENCRYPTION_KEY: b64(key) }).tokenKeys).toEqual({
      current: Buffer.from(key),
    });
    expect(
      readCommonConfig({
        TOKEN_ENCRYPTION_KEY: Buffer.from(key).toString("hex"),
        TOKEN_ENCRYPTION_OLD_KEYS: ` ${b64(old)} ,`,
      }).tokenKeys,
    ).toEqual({ current: Buffer.from(key), previous: [Buffer.from(old)] });
    expect(readCommonConfig({}).tokenKeys).toBeUndefined();
  });

  it("names a bad key and how to make one, without echoing the secret", () => {
    const error = configErrorOf(() =>
      readCommonConfig({
        TOKEN_ENCRYPTION_KEY: "hunter2-not-a-key",
        TOKEN_ENCRYPTION_OLD_KEYS: `${b64(key)},short`,
      }),
    );
    expect(error.problems.map((p) => p.variable)).toEqual([
      "TOKEN_ENCRYPTION_OLD_KEYS",
      "TOKEN_ENCRYPTION_KEY",
    ]);
    expect(error.message).toContain("openssl rand -base64 32");
    expect(error.message).toContain("key 2 of 2");
    expect(error.message).not.toContain("hunter2");
  });

  it("requires the key with Redis and HELPDESK=sdp (replicas share the token), not otherwise", () => {
    const sdp = {
      HELPDESK: "sdp",
      SDP_CLIENT_ID: "1000.id",
      SDP_CLIENT_SECRET: "secret",
      SDP_REFRESH_TOKEN: "1000.refresh",
    };
    const error = configErrorOf(() => readCommonConfig({ ...sdp, STORE_URL: "redis://localhost:6379" }));
    expect(error.problems).toEqual([
      {
        variable: "TOKEN_ENCRYPTION_KEY",
        message: expect.stringContaining("every replica needs the same key"),
      },
    ]);
    expect(() =>
      readCommonConfig({ ...sdp, STORE_URL: "redis://localhost:6379", TOKEN_ENCRYPTION_KEY: b64(key) }),
    ).not.toThrow();
    expect(() => readCommonConfig({ ...sdp })).not.toThrow();
    expect(() => readCommonConfig({ STORE_URL: "redis://localhost:6379" })).not.toThrow();
  });

  it("refuses old keys without a current one", () => {
    const error = configErrorOf(() => readCommonConfig({ TOKEN_ENCRYPTION_OLD_KEYS: b64(key) }));
    expect(error.message).toContain("set TOKEN_ENCRYPTION_KEY to the new key");
  });

  it("a token stored before a rotation is read after it (new key, old key in TOKEN_ENCRYPTION_OLD_KEYS)", async () => {
    const dataDir = freshDir();
    const token = { accessToken: TOKEN, expiresAt: Date.now() + 60_000 };
    const before = await createRuntime({
      config: readCommonConfig({ DATA_DIR: dataDir, MOCK_PERSIST: "memory", TOKEN_ENCRYPTION_KEY: b64(key) }),
      logger: silentLogger,
    });
    await before.stores.tokenCache.set("sdp:token", token);
    await before.close();
    const after = await createRuntime({
      config: readCommonConfig({
        DATA_DIR: dataDir,
        MOCK_PERSIST: "memory",
        TOKEN_ENCRYPTION_KEY: b64(generateTokenKey()),
        TOKEN_ENCRYPTION_OLD_KEYS: b64(key),
      }),
      logger: silentLogger,
    });
    expect(await after.stores.tokenCache.get("sdp:token")).toEqual(token);
    await after.close();
  });
});
