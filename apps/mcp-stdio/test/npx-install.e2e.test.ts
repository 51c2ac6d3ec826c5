import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "@ispn/mcp-server/testing";
import { findOldNode } from "@ispn/runtime/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { namesOf, toolCatalogue } from "./fixtures/tool-catalogue.ts";

const APP = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NODE_BIN = dirname(process.execPath);
const OLD_NODE = findOldNode();

// What a technician does without a clone: `npx -y ./ispn-mcp-stdio-<version>.tgz` in a directory
// outside the repository, with an empty npm cache (nothing from the workspace can leak in).
describe("the packed tarball, run with npx in an empty directory", () => {
  let scratch: ReturnType<typeof tempDir>;
  let tarball: string;
  /** npm's environment: this Node first on PATH, a private cache and HOME, no registry chatter. */
  let env: Record<string, string>;
  beforeAll(() => {
    scratch = tempDir("ispn-npx-");
    // `pnpm pack` runs prepack, which bundles the server first.
    execFileSync("pnpm", ["pack", "--pack-destination", scratch.path], {
      cwd: APP,
      stdio: "pipe",
      timeout: 120_000,
    });
    const packed = readdirSync(scratch.path).filter((name) => name.endsWith(".tgz"));
    expect(packed).toHaveLength(1);
    tarball = packed[0] as string;
    env = {
      PATH: `${NODE_BIN}${delimiter}${process.env.PATH ?? ""}`,
      HOME: scratch.path,
      npm_config_cache: join(scratch.path, "npm-cache"),
      npm_config_update_notifier: "false",
      npm_config_audit: "false",
      npm_config_fund: "false",
      DATA_DIR: join(scratch.path, "data"),
    };
  }, 130_000);
  afterAll(() => scratch?.remove());

  it("declares no dependencies: everything the server needs is bundled in", () => {
    const manifest = JSON.parse(
      execFileSync("tar", ["-xzOf", join(scratch.path, tarball), "package/package.json"], {
        encoding: "utf8",
      }),
    ) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ "ispn-helpdesk-mcp": "./dist/main.js" });
  });

  // The terminal form, and the one the README gives Claude Desktop (an absolute path needs --package).
  it.each([
    ["npx -y ./<tarball>", () => ["-y", `./${tarball}`]],
    [
      "npx -y --package=/abs/<tarball> ispn-helpdesk-mcp",
      () => ["-y", `--package=${join(scratch.path, tarball)}`, "ispn-helpdesk-mcp"],
    ],
  ])(
    "%s starts the stdio server and lists the tools",
    async (_form, npxArgs) => {
      const transport = new StdioClientTransport({
        // npm's npx from PATH, run by this Node (first on PATH; npx starts with `#!/usr/bin/env node`)
        command: "npx",
        args: npxArgs(),
        cwd: scratch.path,
        env,
        stderr: "pipe",
      });
      let stderr = "";
      transport.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const client = new Client({ name: "npx-e2e", version: "1.0.0" });
      try {
        await client.connect(transport);
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(
          expect.arrayContaining([
            "handoff_submit",
            "ticket_find_or_create",
            "ticket_get",
            "helpdesk_metadata",
          ]),
        );
        expect(namesOf(tools)).toEqual(await toolCatalogue());
      } catch (error) {
        throw new Error(`${String(error)}\nserver stderr:\n${stderr}`);
      } finally {
        await client.close();
      }
    },
    120_000,
  );

  it.skipIf(OLD_NODE === undefined)(
    `on a Node older than 22.18 the bundled entry says so in one line and exits 1 (${OLD_NODE ?? "skipped: no old Node on this machine"})`,
    () => {
      const unpacked = join(scratch.path, "unpacked");
      mkdirSync(unpacked, { recursive: true });
      execFileSync("tar", ["-xzf", join(scratch.path, tarball), "-C", unpacked]);
      const run = spawnSync(OLD_NODE!, [join(unpacked, "package/dist/main.js")], {
        env,
        input: "",
        encoding: "utf8",
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^ispn: Node 22\.18 or newer is needed \(this is 2\d\.\d+\.\d+\).*\n$/);
    },
  );
});
