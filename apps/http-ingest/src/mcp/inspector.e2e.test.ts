import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "./token-file.ts";

// The real MCP Inspector CLI (fetched by npx: needs the npm registry) against a spawned http-ingest.
// Inspector v2 exit codes: 0 ok, 3 authentication required, 5 tool error or tool not found.
const INSPECTOR = "@modelcontextprotocol/inspector@^2.12.0";
const main = fileURLToPath(new URL("../main.ts", import.meta.url));
const ADMIN = "ispn_mcp_inspector-admin-0123456789abcdefghij";
const READER = "ispn_mcp_inspector-reader-0123456789abcdefghij";

function inspector(url: string, args: string[], token?: string) {
  const auth = token ? ["--header", `Authorization: Bearer ${token}`] : [];
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "npx",
      ["-y", INSPECTOR, "--cli", url, "--transport", "http", ...auth, ...args],
      { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the MCP Inspector CLI against a running http-ingest", () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ispn-inspector-"));
    const tokens = join(dir, "mcp-tokens.yaml");
    writeFileSync(
      tokens,
      `- name: Ana Admin\n  sha256: ${hashToken(ADMIN)}\n  scopes: [read, write, handoff]\n` +
        `- name: Rita Reader\n  sha256: ${hashToken(READER)}\n  scopes: [read]\n`,
    );
    child = spawn(process.execPath, ["--conditions=@ispn/source", main], {
      env: {
        PATH: process.env.PATH,
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dir,
        LOG_LEVEL: "warn",
        MCP_TOKENS_FILE: tokens,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.once("exit", (code) => reject(new Error(`http-ingest exited early with ${code}`)));
    });
    url = `${base}/mcp`;
  }, 30_000);
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists and calls the tools with a token; refuses without one and a read token's write", async () => {
    const list = await inspector(url, ["--method", "tools/list"], ADMIN);
    expect(list.code, list.stderr).toBe(0);
    const names = (JSON.parse(list.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["ticket_get", "ticket_update", "ticket_add_note", "audit_query"]),
    );

    const created = await inspector(
      url,
      [
        "--method",
        "tools/call",
        "--tool-name",
        "ticket_find_or_create",
        "--tool-arg",
        "callerNumber=+14155550123",
        "category=WiFi",
        "summary=No internet since this morning",
      ],
      ADMIN,
    );
    expect(created.code, created.stderr).toBe(0);
    const ticketId = (JSON.parse(created.stdout) as { structuredContent: { ticketId: string } })
      .structuredContent.ticketId;
    const noted = await inspector(
      url,
      [
        "--method",
        "tools/call",
        "--tool-name",
        "ticket_add_note",
        "--tool-args-json",
        JSON.stringify({ ticketId, body: "Called back: modem replaced." }),
      ],
      ADMIN,
    );
    expect(noted.code, noted.stderr).toBe(0);

    const anonymous = await inspector(url, ["--method", "tools/list"]);
    expect(anonymous.code).toBe(3);

    const refused = await inspector(
      url,
      [
        "--method",
        "tools/call",
        "--tool-name",
        "ticket_update",
        "--tool-args-json",
        JSON.stringify({ ticketId, status: "Closed" }),
      ],
      READER,
    );
    expect(refused.code).toBe(5);

    const ticket = await inspector(
      url,
      [
        "--method",
        "tools/call",
        "--tool-name",
        "ticket_get",
        "--tool-args-json",
        JSON.stringify({ ticketId }),
      ],
      READER,
    );
    expect(ticket.code, ticket.stderr).toBe(0);
    const got = JSON.parse(ticket.stdout) as {
      structuredContent: { ticket: { status: string }; notes: { body: string }[] };
    };
    expect(got.structuredContent.ticket.status).toBe("Open");
    expect(got.structuredContent.notes.map((n) => n.body)).toContain(
      "Called back: modem replaced.\n\n— via MCP by Ana Admin",
    );

    const audit = await inspector(url, ["--method", "resources/read", "--uri", "helpdesk://audit"], READER);
    expect(audit.code, audit.stderr).toBe(0);
    const entries = JSON.parse(
      (JSON.parse(audit.stdout) as { contents: { text: string }[] }).contents[0]!.text,
    ).entries as { actor: string; tool: string; ticketId: string }[];
    expect(entries.map((e) => [e.actor, e.tool, e.ticketId])).toEqual([
      ["Ana Admin", "ticket_add_note", ticketId],
      ["Ana Admin", "ticket_find_or_create", ticketId],
    ]);
  }, 600_000);
});
