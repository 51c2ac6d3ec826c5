import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findOldNode } from "@ispn/runtime/testing";
import { afterEach, describe, expect, it } from "vitest";

// `pnpm start`'s entry, run with the Node flags the root package.json's "start" gives it.
const START = fileURLToPath(new URL("./start.mjs", import.meta.url));
const START_SCRIPT = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    scripts: { start: string };
  }
).scripts.start.split(/\s+/);
if (START_SCRIPT[0] !== "node" || START_SCRIPT.at(-1) !== "apps/http-ingest/src/start.mjs")
  throw new Error(`the root "start" script is no longer "node <flags> apps/http-ingest/src/start.mjs"`);
const START_FLAGS = START_SCRIPT.slice(1, -1);
const start = (node: string, cwd: string, env: Record<string, string> = {}) =>
  spawnSync(node, [...START_FLAGS, START], {
    cwd,
    env: { PATH: process.env.PATH ?? "", STORE_URL: "memory:", MOCK_PERSIST: "memory", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });

describe(".env", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is read from the current directory, and an exported variable wins over it", () => {
    dir = mkdtempSync(join(tmpdir(), "ispn-dotenv-"));
    writeFileSync(join(dir, ".env"), "PORT=99999\nRATE_LIMIT_PER_SECOND=0\n");
    const fromFile = start(process.execPath, dir);
    expect(fromFile.status).toBe(1);
    expect(fromFile.stderr).toContain('PORT: "99999"');
    expect(fromFile.stderr).toContain('RATE_LIMIT_PER_SECOND: "0"');

    const exported = start(process.execPath, dir, { PORT: "88888" });
    expect(exported.status).toBe(1);
    expect(exported.stderr).toContain('PORT: "88888"');
    expect(exported.stderr).not.toContain("99999");
    expect(exported.stderr).toContain('RATE_LIMIT_PER_SECOND: "0"');
  });

  it(".env.example copied to .env starts the service on its defaults", async () => {
    dir = mkdtempSync(join(tmpdir(), "ispn-dotenv-"));
    copyFileSync(fileURLToPath(new URL("../../../.env.example", import.meta.url)), join(dir, ".env"));
    const child = spawn(process.execPath, [...START_FLAGS, START], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", PORT: "0", DATA_DIR: dir, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("Health:")) resolve(out);
        });
        child.stderr!.on("data", (chunk: Buffer) => {
          err += chunk.toString();
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${err}`)));
      });
      expect(banner).toContain("helpdesk: mock");
      expect(banner).toContain(`store: sqlite (${join(dir, "bridge.sqlite")})`);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

const oldNode = findOldNode();
describe.skipIf(oldNode === undefined)(
  `on an old Node (${oldNode ?? "skipped: none on this machine"})`,
  () => {
    it("says in one line on stderr which Node is needed, and exits 1", () => {
      const run = start(oldNode!, tmpdir());
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(
        /^ispn: Node 22\.18 or newer is needed \(this is 2\d\.\d+\.\d+\); see README\.md \(\.\/scripts\/run installs it\)\n$/,
      );
    });
  },
);
