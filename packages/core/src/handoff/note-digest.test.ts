import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { createSqliteStores } from "../sqlite/sqlite-stores.ts";
import { createMemoryStores } from "../stores/memory-stores.ts";
import { runNoteDigestContract } from "../testing/note-digest-contract.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-digest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runNoteDigestContract("memory", async () => {
  const stores = createMemoryStores();
  return { stores, teardown: () => stores.close() };
});
runNoteDigestContract("SQLite", async () => {
  const stores = createSqliteStores({
    path: join(dir, `digest-${Math.random()}.sqlite`),
    cleanupIntervalMs: 0,
  });
  return { stores, teardown: () => stores.close() };
});
