import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@ispn/core";
import { createRuntime, type Runtime, readCommonConfig } from "@ispn/runtime";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMcpServer } from "./server.ts";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const config = readCommonConfig({
  STORE_URL: "memory:",
  MOCK_PERSIST: "memory",
  DATA_DIR: join(tmpdir(), "ispn-mcp-unused"),
});

describe("a server over a lazy runtime", () => {
  let opened: Runtime | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    await opened?.close();
    opened = undefined;
  });

  async function connect(open: () => Promise<Runtime>) {
    let opens = 0;
    const server = createMcpServer({
      runtime: {
        config,
        open: () => {
          opens++;
          return open();
        },
      },
      logger: silent,
      version: "1.0.0",
    });
    client = new Client({ name: "lazy", version: "1" });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([client.connect(clientSide), server.connect(serverSide)]);
    return { client, opens: () => opens };
  }

  it("lists tools, prompts and templates without opening it, and opens it once on the first call", async () => {
    const c = await connect(async () => {
      opened = await createRuntime({ config, logger: silent });
      return opened;
    });
    expect((await c.client.listTools()).tools).toHaveLength(41);
    expect((await c.client.listPrompts()).prompts.length).toBeGreaterThan(0);
    expect((await c.client.listResourceTemplates()).resourceTemplates.length).toBeGreaterThan(0);
    expect(c.opens()).toBe(0);

    const [a, b] = (await Promise.all([
      c.client.callTool({ name: "ticket_create", arguments: { subject: "Router keeps rebooting" } }),
      c.client.callTool({ name: "ticket_list", arguments: {} }),
    ])) as CallToolResult[];
    expect(a?.isError).toBeFalsy();
    expect(b?.isError).toBeFalsy();
    expect(c.opens()).toBe(1);
    expect((await opened!.helpdesk.listTickets()).items).toHaveLength(1);
    // the module tools reach the opened runtime's modules (the mock's, built on first use)
    const problems = (await c.client.callTool({ name: "problem_list", arguments: {} })) as CallToolResult;
    expect(problems.isError).toBeFalsy();
    // and the request-work tools reach its helpdesk's work
    const ticketId = (await opened!.helpdesk.listTickets()).items[0]!.id;
    const task = (await c.client.callTool({
      name: "ticket_task_add",
      arguments: { ticketId, title: "Replace the ONT" },
    })) as CallToolResult;
    expect(task.isError).toBeFalsy();
    expect((await opened!.work!.listTasks(ticketId)).items.map((t) => t.title)).toEqual(["Replace the ONT"]);
  });

  it("fails the requests that need it when it cannot open, and answers the rest", async () => {
    const c = await connect(() => Promise.reject(new Error("SQLite: unable to open database file")));
    await expect(c.client.callTool({ name: "ticket_list", arguments: {} })).rejects.toThrow(/unable to open/);
    expect((await c.client.listTools()).tools).toHaveLength(41);
  });
});
