import { spawn } from "node:child_process";
import { tempDir } from "@ispn/mcp-server/testing";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveToolsList } from "../scripts/tools-list.ts";
import { stdioLines, toolsListHandshake } from "../scripts/tools-list-handshake.ts";
import { BUILT, buildServer } from "./fixtures/built-server.ts";

const REQUESTS = stdioLines(toolsListHandshake("raw"));

/** The built server's `tools/list` result as the bytes it sent, and what it logged. */
async function builtToolsList(env: Record<string, string>): Promise<{ result: string; stderr: string }> {
  const child = spawn(process.execPath, [BUILT], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('"id":2')) child.stdin.end();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise((done) => child.on("exit", done));
  child.stdin.write(REQUESTS);
  await exited;
  const line = stdout.split("\n").find((l) => l.includes('"id":2')) ?? "";
  // the result's own bytes: the line is {"result":…,"jsonrpc":"2.0","id":2}
  const match = /^\{"result":(.*),"jsonrpc":"2\.0","id":2\}$/.exec(line);
  if (!match?.[1]) throw new Error(`no tools/list answer in:\n${stdout}\n${stderr}`);
  return { result: match[1], stderr };
}

// dist/tools-list.json is written by the bundle script from the live definitions; the built server
// answers tools/list from it. These tests fail when that answer differs from the definitions.
describe("the built server's tools/list", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    buildServer();
    dir = tempDir();
  }, 130_000);
  afterAll(() => dir.remove());

  const env = (extra: Record<string, string> = {}) => ({
    ...getDefaultEnvironment(),
    DATA_DIR: dir.path,
    LOG_LEVEL: "info",
    ...extra,
  });

  it("is, byte for byte, what the live tool definitions list (served from the prebuilt list)", async () => {
    const built = await builtToolsList(env());
    expect(built.stderr).toContain('"toolsList":"prebuilt"');
    expect(built.result).toBe(JSON.stringify((await liveToolsList()).result));
  });

  it("with an extended taxonomy, is the live list for that taxonomy (the prebuilt one is for the default)", async () => {
    const extra = { EXTRA_CATEGORIES: "Fiber", EXTRA_SOURCES: "kiosk" };
    const built = await builtToolsList(env(extra));
    expect(built.stderr).toContain('"toolsList":"live"');
    expect(built.result).toContain("Fiber");
    expect(built.result).toBe(JSON.stringify((await liveToolsList(extra)).result));
  });
});
