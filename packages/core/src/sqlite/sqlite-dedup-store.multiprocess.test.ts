import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { createSqliteStores } from "./sqlite-stores.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-claim-race-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const claimer = fileURLToPath(new URL("../../test/fixtures/sqlite-claimer.ts", import.meta.url));

interface ClaimerReport {
  claimed: string[];
  firstSeen: string[];
  failed: number;
  startedAt: number;
  finishedAt: number;
}

function startClaimer(storePath: string, keyCount: number) {
  const child = spawn(process.execPath, ["--conditions=@ispn/source", claimer, storePath, String(keyCount)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready\n")) resolve();
    });
  });
  const done = new Promise<ClaimerReport>((resolve, reject) => {
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`claimer exited with ${code}`));
      resolve(JSON.parse(out.split("\n").filter(Boolean).at(-1)!) as ClaimerReport);
    });
  });
  return { child, ready, done };
}

// Without BEGIN IMMEDIATE (a deferred BEGIN) the loser of a race reads, then fails to write with
// SQLITE_BUSY_SNAPSHOT instead of waiting: claims fail. Without any transaction both processes
// read "absent" and both write: keys are claimed twice. Either way this test goes red. Each claim
// also marks its key seen: the mark and the claim are one transaction, so whoever claimed a key is
// whoever saw it first (were they two, the other process could slip in between).
it("two OS processes racing over the same 3,000 keys on one SQLite file: each key claimed exactly once, by whoever saw it first", async () => {
  const keyCount = 3000;
  const storePath = join(dir, "stores.sqlite");
  // Create the schema first, so the race is over claims and not over the first migration.
  await createSqliteStores({ path: storePath, cleanupIntervalMs: 0 }).close();

  const a = startClaimer(storePath, keyCount);
  const b = startClaimer(storePath, keyCount);
  await Promise.all([a.ready, b.ready]);
  a.child.stdin.write("go\n");
  b.child.stdin.write("go\n");
  const [ra, rb] = await Promise.all([a.done, b.done]);

  const claimedByA = new Set(ra.claimed);
  const claimedByBoth = rb.claimed.filter((key) => claimedByA.has(key));
  expect(claimedByBoth).toEqual([]);
  expect({ failedA: ra.failed, failedB: rb.failed }).toEqual({ failedA: 0, failedB: 0 });
  expect(new Set([...ra.claimed, ...rb.claimed]).size).toBe(keyCount);
  expect(ra.firstSeen).toEqual(ra.claimed);
  expect(rb.firstSeen).toEqual(rb.claimed);
  // The two loops ran at the same time. (With BEGIN IMMEDIATE one process may win every key while
  // the other waits on the busy timeout; that is correct, and still a race.)
  expect(ra.startedAt).toBeLessThan(rb.finishedAt);
  expect(rb.startedAt).toBeLessThan(ra.finishedAt);
}, 30_000);
