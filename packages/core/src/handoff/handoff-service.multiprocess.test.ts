import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { FakeHelpdesk } from "../../test/fixtures/fake-helpdesk.ts";

const dir = mkdtempSync(join(tmpdir(), "ispn-multiproc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const submitter = fileURLToPath(new URL("../../test/fixtures/sqlite-submitter.ts", import.meta.url));

function startSubmitter(storePath: string, helpdeskPath: string, count: number) {
  const child = spawn(
    process.execPath,
    ["--conditions=@ispn/source", submitter, storePath, helpdeskPath, String(count)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready\n")) resolve();
    });
  });
  const done = new Promise<{ created: number; joined: number; failed: number; tickets: string[] }>(
    (resolve, reject) => {
      child.on("exit", (code) => {
        if (code !== 0) return reject(new Error(`submitter exited with ${code}`));
        resolve(JSON.parse(out.split("\n").filter(Boolean).at(-1)!));
      });
    },
  );
  return { child, ready, done };
}

it("two OS processes sharing one SQLite file, 100 concurrent submits each → exactly 1 ticket", async () => {
  const storePath = join(dir, "stores.sqlite");
  const helpdeskPath = join(dir, "helpdesk.sqlite");
  new FakeHelpdesk(helpdeskPath).db.close();
  const a = startSubmitter(storePath, helpdeskPath, 100);
  const b = startSubmitter(storePath, helpdeskPath, 100);
  await Promise.all([a.ready, b.ready]);
  a.child.stdin.write("go\n");
  b.child.stdin.write("go\n");
  const [ra, rb] = await Promise.all([a.done, b.done]);

  const helpdesk = new FakeHelpdesk(helpdeskPath);
  expect(helpdesk.ticketCount()).toBe(1);
  expect(ra.created + rb.created).toBe(1);
  expect(ra.joined + rb.joined).toBe(199);
  expect(ra.failed + rb.failed).toBe(0);
  expect(new Set([...ra.tickets, ...rb.tickets]).size).toBe(1);
  expect(helpdesk.noteCount()).toBe(199);
  helpdesk.db.close();
}, 60_000);
