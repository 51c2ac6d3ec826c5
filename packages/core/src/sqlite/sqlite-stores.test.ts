import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { isStoreError } from "../errors.ts";
import { runStoreContract } from "../testing/store-contract.ts";
import { SQLITE_SCHEMA_VERSION } from "./sqlite-schema.ts";
import { createSqliteStores } from "./sqlite-stores.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runStoreContract("sqlite", async () => {
  const stores = createSqliteStores({ path: join(dir, `contract-${n++}.sqlite`), cleanupIntervalMs: 0 });
  return { stores, teardown: () => stores.close() };
});

describe("SQLite store file", () => {
  it("creates its directory, uses WAL and records the schema version", async () => {
    const path = join(dir, "nested", "deeper", "stores.sqlite");
    const stores = createSqliteStores({ path, cleanupIntervalMs: 0 });
    await stores.close();
    const db = new DatabaseSync(path);
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    expect(db.prepare("PRAGMA user_version").get()).toEqual({ user_version: SQLITE_SCHEMA_VERSION });
    db.close();
  });

  it("keeps entries across reopen (a restart)", async () => {
    const path = join(dir, "restart.sqlite");
    const first = createSqliteStores({ path, cleanupIntervalMs: 0 });
    await first.dedup.claim({ keys: ["k"], claimId: "a", marker: "m-a", leaseMs: 60_000, now: 1000 });
    await first.close();
    const second = createSqliteStores({ path, cleanupIntervalMs: 0 });
    expect(await second.dedup.get("k", 2000)).toMatchObject({ state: "pending", claimId: "a" });
    await second.close();
  });

  it("refuses a database written by a newer release, naming the file", () => {
    const path = join(dir, "future.sqlite");
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    let error: unknown;
    try {
      createSqliteStores({ path, cleanupIntervalMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error)).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("newer than this release");
  });

  it("deletes expired rows on its clean-up timer", async () => {
    const path = join(dir, "cleanup.sqlite");
    let now = 1000;
    const stores = createSqliteStores({ path, cleanupIntervalMs: 20, now: () => now });
    await stores.replay.firstSeen({ key: "old", ttlMs: 10, now: 1000 });
    await stores.replay.firstSeen({ key: "fresh", ttlMs: 1_000_000, now: 1000 });
    now = 5000;
    await new Promise((r) => setTimeout(r, 100));
    const db = new DatabaseSync(path);
    expect(db.prepare("SELECT key FROM seen").all()).toEqual([{ key: "fresh" }]);
    db.close();
    await stores.close();
  });
});
