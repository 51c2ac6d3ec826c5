import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fourLineNote, tempDir } from "@ispn/mcp-server/testing";
import { findOldNode } from "@ispn/runtime/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureColdStart } from "../scripts/measure-cold-start.ts";
import { stdioLines, toolsListHandshake } from "../scripts/tools-list-handshake.ts";
import { APP, BUILT, buildServer } from "./fixtures/built-server.ts";
import { namesOf, toolCatalogue } from "./fixtures/tool-catalogue.ts";

const RECORDER = join(APP, "test/fixtures/stdout-recorder.ts");
const OLD_NODE = findOldNode();

// The built server, as Claude Desktop runs it: `node apps/mcp-stdio/dist/main.js`.
describe("the built server over stdio", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    buildServer();
    expect(existsSync(BUILT)).toBe(true);
    dir = tempDir();
  }, 130_000);
  afterAll(() => dir.remove());

  const env = (extra: Record<string, string> = {}) => ({
    ...getDefaultEnvironment(),
    DATA_DIR: dir.path,
    LOG_LEVEL: "debug",
    ...extra,
  });

  it("starts with a shebang", () => {
    expect(readFileSync(BUILT, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("serves tools, resources and prompts, and writes nothing but JSON-RPC to stdout", async () => {
    const record = join(dir.path, "stdout.jsonl");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [RECORDER, BUILT],
      env: env({ STDOUT_RECORD: record }),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(transport);

    const { tools } = await client.listTools();
    expect(namesOf(tools)).toEqual(await toolCatalogue());
    const created = (await client.callTool({
      name: "handoff_submit",
      arguments: { note: fourLineNote(), callerNumber: "(415) 555-0161" },
    })) as CallToolResult;
    expect(created.structuredContent).toMatchObject({ created: true, category: "WiFi" });
    const ticketId = (created.structuredContent as { ticketId: string }).ticketId;
    const joined = (await client.callTool({
      name: "ticket_find_or_create",
      arguments: { callerNumber: "+14155550161", category: "WiFi", summary: "Calling again about the wifi" },
    })) as CallToolResult;
    expect(joined.structuredContent).toMatchObject({ created: false, ticketId });
    const missing = (await client.callTool({
      name: "ticket_get",
      arguments: { ticketId: "nope" },
    })) as CallToolResult;
    expect(missing.isError).toBe(true);
    const resource = await client.readResource({ uri: `helpdesk://tickets/${ticketId}` });
    expect(resource.contents[0]?.uri).toBe(`helpdesk://tickets/${ticketId}`);
    const prompt = await client.getPrompt({ name: "triage_ticket", arguments: { ticketId } });
    expect(prompt.messages.length).toBeGreaterThan(0);
    await client.close();

    const lines = readFileSync(record, "utf8").split("\n");
    expect(lines.pop()).toBe(""); // every message ends with a newline
    expect(lines.length).toBeGreaterThanOrEqual(7);
    for (const line of lines) {
      const message = JSON.parse(line) as Record<string, unknown>;
      expect(message.jsonrpc).toBe("2.0");
      expect("result" in message || "error" in message || "method" in message).toBe(true);
    }
    // The logs went to stderr, as JSON lines, without the caller's number.
    expect(stderr).toContain('"msg":"MCP server ready on stdio"');
    expect(stderr).toContain('"tool":"handoff_submit"');
    expect(stderr).not.toMatch(/555-?0161|4155550161/);
  });

  it("stops with exit code 1 and names the variable when misconfigured, writing nothing to stdout", () => {
    const run = spawnSync(process.execPath, [BUILT], {
      env: env({ HELPDESK: "jira", MCP_CALL_TIMEOUT_MS: "fast" }),
      input: "",
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/HELPDESK: "jira" is not a helpdesk/);
    expect(run.stderr).toMatch(/MCP_CALL_TIMEOUT_MS: "fast"/);
  });

  it("reads .env from the current directory; an exported variable wins over it", () => {
    const cwd = tempDir();
    try {
      writeFileSync(join(cwd.path, ".env"), "HELPDESK=jira\nMCP_CALL_TIMEOUT_MS=fast\n");
      const fromFile = spawnSync(process.execPath, [BUILT], {
        cwd: cwd.path,
        env: env(),
        input: "",
        encoding: "utf8",
      });
      expect(fromFile.status).toBe(1);
      expect(fromFile.stdout).toBe("");
      expect(fromFile.stderr).toMatch(/HELPDESK: "jira" is not a helpdesk/);
      expect(fromFile.stderr).toMatch(/MCP_CALL_TIMEOUT_MS: "fast"/);
      const exported = spawnSync(process.execPath, [BUILT], {
        cwd: cwd.path,
        env: env({ HELPDESK: "zendesk" }),
        input: "",
        encoding: "utf8",
      });
      expect(exported.stderr).toMatch(/HELPDESK: "zendesk" is not a helpdesk/);
      expect(exported.stderr).not.toContain("jira");
      expect(exported.stderr).toMatch(/MCP_CALL_TIMEOUT_MS: "fast"/);
    } finally {
      cwd.remove();
    }
  });

  it.skipIf(OLD_NODE === undefined)(
    `on a Node older than 22.18 says so in one line on stderr and exits 1 (${OLD_NODE ?? "skipped: no old Node on this machine"})`,
    () => {
      const run = spawnSync(OLD_NODE!, [BUILT], { env: env(), input: "", encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(
        /^ispn: Node 22\.18 or newer is needed \(this is 2\d\.\d+\.\d+\); see README\.md.*\n$/,
      );
    },
  );

  it("with HELPDESK=sdp and nothing else, names every missing SDP variable in one message and opens nothing", () => {
    const empty = tempDir();
    try {
      const run = spawnSync(process.execPath, [BUILT], {
        env: { PATH: process.env.PATH ?? "", HELPDESK: "sdp", DATA_DIR: empty.path },
        input: "",
        encoding: "utf8",
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        [
          "Invalid configuration:",
          "  SDP_CLIENT_ID: is required (the Zoho API console client id, 1000.…)",
          "  SDP_CLIENT_SECRET: is required (the Zoho API console client secret)",
          "  SDP_REFRESH_TOKEN: is required (run sdp-oauth-onboard to get one)",
          "",
        ].join("\n"),
      );
      // Stopped before opening the store: nothing was created in the data directory.
      expect(readdirSync(empty.path)).toEqual([]);
    } finally {
      empty.remove();
    }
  });

  it("can be timed by the cold-start script (no timing goal here: see bench/)", async () => {
    const report = await measureColdStart({ entry: BUILT, runs: 1 });
    expect(report.samplesMs).toHaveLength(1);
    expect(report.medianMs).toBeGreaterThan(0);
  });

  it("answers an oversized message and a malformed line with JSON-RPC errors, logs them, and keeps serving", async () => {
    const child = spawn(process.execPath, [BUILT], { env: env(), stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const answers: Record<string, unknown>[] = [];
    let pending = "";
    const waiters: (() => void)[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) answers.push(JSON.parse(line));
      for (const wake of waiters.splice(0)) wake();
    });
    let gone = false;
    child.on("exit", () => {
      gone = true;
      for (const wake of waiters.splice(0)) wake();
    });
    const answerCount = async (n: number) => {
      while (answers.length < n) {
        if (gone) throw new Error(`the server exited after ${answers.length} answers; stderr:\n${stderr}`);
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));

    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    await answerCount(1);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    // 11 MiB, over the default 10 MiB limit; written as the SDK's client writes it (id last)
    const note = "x".repeat(11 * 1024 * 1024);
    send({
      method: "tools/call",
      params: { name: "note_render", arguments: { note } },
      jsonrpc: "2.0",
      id: 2,
    });
    child.stdin.write('{"jsonrpc":"2.0","id":3,"method":\n');
    send({ jsonrpc: "2.0", id: 4, method: "tools/list" });
    await answerCount(4);
    child.stdin.end();

    expect(answers[1]).toMatchObject({
      id: 2,
      error: {
        code: -32600,
        message: expect.stringMatching(/over the limit of 10485760 bytes \(MCP_MAX_MESSAGE_BYTES\)/),
      },
    });
    expect(answers[2]).toMatchObject({ id: null, error: { code: -32700 } });
    expect(namesOf((answers[3] as { result: { tools: { name: string }[] } }).result.tools)).toEqual(
      await toolCatalogue(),
    );
    expect(await exited).toBe(0);
    expect(stderr).toContain("refused a message over MCP_MAX_MESSAGE_BYTES");
    expect(stderr).toContain("refused a line that is not JSON");
  });

  it("answers tools/list before opening the stores; a store it cannot open stops it with exit 1 and the reason", async () => {
    const notADir = join(dir.path, "not-a-directory");
    writeFileSync(notADir, "");
    const child = spawn(process.execPath, [BUILT], {
      env: env({ DATA_DIR: notADir }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.stdin.write(stdioLines(toolsListHandshake("raw")));
    // stdin stays open, as Claude Desktop keeps it: the server stops on its own
    expect(await exited).toBe(1);
    const answers = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: number; result?: { tools?: unknown[] } });
    expect(answers.find((a) => a.id === 2)?.result?.tools).toHaveLength(41);
    expect(stderr).toMatch(/ispn-helpdesk-mcp could not start: .*\n$/);
    child.stdin.destroy();
  });

  it("takes its message limit from MCP_MAX_MESSAGE_BYTES", () => {
    const call = { jsonrpc: "2.0", id: 9, method: "ping", params: { pad: "p".repeat(5000) } };
    const run = spawnSync(process.execPath, [BUILT], {
      env: env({ MCP_MAX_MESSAGE_BYTES: "4096" }),
      input: `${JSON.stringify(call)}\n`,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      id: 9,
      error: { code: -32600, message: /limit of 4096 bytes/ },
    });
  });

  it("closes cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [BUILT], { env: env(), stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    await new Promise<void>((ready) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("MCP server ready")) ready();
      });
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain('"reason":"SIGTERM"');
  });
});
