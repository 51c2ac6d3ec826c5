import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "@ispn/mcp-server/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { namesOf, toolCatalogue } from "./fixtures/tool-catalogue.ts";

const APP = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MCPB = join(APP, "node_modules/.bin/mcpb");
const MANIFEST = join(APP, "mcpb/manifest.json");
const VERSION: string = JSON.parse(readFileSync(join(APP, "package.json"), "utf8")).version;

interface UserConfigField {
  type: string;
  default?: string;
  sensitive?: boolean;
  required?: boolean;
}
interface Manifest {
  version: string;
  server: {
    entry_point: string;
    mcp_config: { command: string; args: string[]; env: Record<string, string> };
  };
  user_config: Record<string, UserConfigField>;
}
/** How the manifest refers to a user_config value. */
const ref = (key: string) => `\${user_config.${key}}`;
const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Manifest;

describe("the Claude Desktop bundle's manifest", () => {
  it("passes `mcpb validate`", () => {
    const run = spawnSync(MCPB, ["validate", MANIFEST], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toContain("Manifest schema validation passes");
    expect(run.status).toBe(0);
  });

  it("asks for the helpdesk (mock by default) and the SDP credentials, the secrets marked sensitive", () => {
    const config = manifest.user_config;
    expect(config.helpdesk).toMatchObject({ type: "string", default: "mock" });
    for (const secret of ["sdp_client_id", "sdp_client_secret", "sdp_refresh_token"]) {
      expect(config[secret], secret).toMatchObject({ type: "string", sensitive: true });
    }
    expect(config.sdp_data_center).toMatchObject({ default: "US" });
    expect(config.sdp_portal).toBeDefined();
    expect(manifest.server.mcp_config.env).toMatchObject({
      HELPDESK: ref("helpdesk"),
      SDP_CLIENT_ID: ref("sdp_client_id"),
      SDP_CLIENT_SECRET: ref("sdp_client_secret"),
      SDP_REFRESH_TOKEN: ref("sdp_refresh_token"),
      SDP_DATA_CENTER: ref("sdp_data_center"),
      SDP_PORTAL: ref("sdp_portal"),
    });
  });
});

// `pnpm mcpb`, then the bundle started the way Claude Desktop starts it: unpacked, `node` with the
// manifest's args and env, user_config filled with its defaults (the mock helpdesk).
describe("the built bundle", () => {
  let scratch: ReturnType<typeof tempDir>;
  let unpacked: string;
  beforeAll(() => {
    scratch = tempDir("ispn-mcpb-");
    const built = execFileSync(process.execPath, [join(APP, "scripts/mcpb.ts")], {
      cwd: APP,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    })
      .trim()
      .split("\n")
      .pop() as string;
    expect(built).toMatch(new RegExp(`ispn-helpdesk-${VERSION.replaceAll(".", "\\.")}\\.mcpb$`));
    unpacked = join(scratch.path, "bundle");
    execFileSync(MCPB, ["unpack", built, unpacked], { stdio: "pipe" });
  }, 130_000);
  afterAll(() => scratch?.remove());

  it("carries the app's version and passes `mcpb validate`", () => {
    const packed = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")) as Manifest;
    expect(packed.version).toBe(VERSION);
    const run = spawnSync(MCPB, ["validate", join(unpacked, "manifest.json")], { encoding: "utf8" });
    expect(run.status).toBe(0);
  });

  it("starts as Claude Desktop starts it and lists the tools, reporting the app's version", async () => {
    const { command, args, env } = manifest.server.mcp_config;
    const fill = (value: string) =>
      value
        .replaceAll(`\${__dirname}`, unpacked)
        .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => manifest.user_config[key]?.default ?? "");
    const transport = new StdioClientTransport({
      command: command === "node" ? process.execPath : command,
      args: args.map(fill),
      env: {
        ...getDefaultEnvironment(),
        ...Object.fromEntries(Object.entries(env).map(([name, value]) => [name, fill(value)])),
        DATA_DIR: join(scratch.path, "data"),
      },
      cwd: scratch.path,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "mcpb-e2e", version: "1.0.0" });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()).toMatchObject({ name: "ispn-helpdesk", version: VERSION });
      const { tools } = await client.listTools();
      expect(namesOf(tools)).toEqual(await toolCatalogue());
    } catch (error) {
      throw new Error(`${String(error)}\nserver stderr:\n${stderr}`);
    } finally {
      await client.close();
    }
    expect(stderr).toContain('"helpdesk":"mock"');
  });
});
