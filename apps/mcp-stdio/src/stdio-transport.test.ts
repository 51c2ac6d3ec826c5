import { PassThrough } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { FramedStdioServerTransport, idAtEdges } from "./stdio-transport.ts";

const LIMIT = 2048;

/** A transport on in-memory pipes; collects what it delivers, writes and logs. */
async function open() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const written: string[] = [];
  stdout.on("data", (chunk: Buffer) => written.push(...chunk.toString().split("\n").filter(Boolean)));
  const warnings: Record<string, unknown>[] = [];
  const transport = new FramedStdioServerTransport(stdin, stdout, {
    maxMessageBytes: LIMIT,
    logger: { warn: (fields: Record<string, unknown>) => warnings.push(fields) },
  });
  const delivered: JSONRPCMessage[] = [];
  transport.onmessage = (message) => delivered.push(message);
  let closed = false;
  transport.onclose = () => {
    closed = true;
  };
  await transport.start();
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  const errors: Error[] = [];
  transport.onerror = (error) => errors.push(error);
  return {
    transport,
    stdout,
    errors,
    delivered,
    warnings,
    answers: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    isClosed: () => closed,
    async write(...chunks: (string | Buffer)[]) {
      for (const chunk of chunks) stdin.write(chunk);
      await flush();
    },
  };
}

const ping = (id: number | string) => `${JSON.stringify({ jsonrpc: "2.0", id, method: "ping" })}\n`;
/** A tools/call as the SDK's client writes it: params first, id last. */
const bigCall = (id: number, bytes: number) =>
  `${JSON.stringify({ method: "tools/call", params: { name: "ticket_add_note", arguments: { body: "x".repeat(bytes) } }, jsonrpc: "2.0", id })}\n`;

describe("FramedStdioServerTransport", () => {
  let t: Awaited<ReturnType<typeof open>>;
  afterEach(() => t.transport.close());

  it("delivers one message per line, however the bytes are split", async () => {
    t = await open();
    const two = ping(1) + ping("b");
    await t.write(two.slice(0, 7), two.slice(7, 40), two.slice(40));
    expect(t.delivered).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: "b", method: "ping" },
    ]);
    expect(t.answers()).toEqual([]);
  });

  it("refuses a message over the limit with an error carrying its id, logs it, and keeps serving", async () => {
    t = await open();
    const big = bigCall(7, LIMIT * 3);
    // in pieces, as a pipe delivers it: never buffered whole
    await t.write(big.slice(0, 1000), big.slice(1000, 5000), big.slice(5000), ping(8));
    expect(t.answers()).toEqual([
      {
        jsonrpc: "2.0",
        id: 7,
        error: {
          code: -32600,
          message: expect.stringMatching(/over the limit of 2048 bytes \(MCP_MAX_MESSAGE_BYTES\)/),
        },
      },
    ]);
    expect(t.warnings).toEqual([expect.objectContaining({ bytes: big.length - 1, limit: LIMIT, id: 7 })]);
    expect(t.delivered).toEqual([{ jsonrpc: "2.0", id: 8, method: "ping" }]);
    expect(t.isClosed()).toBe(false);
  });

  it("accepts a message of exactly the limit, refuses one byte more", async () => {
    t = await open();
    const padded = (bytes: number) => {
      const empty = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "" } });
      return `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "p".repeat(bytes - empty.length) } })}\n`;
    };
    expect(Buffer.byteLength(padded(LIMIT))).toBe(LIMIT + 1);
    await t.write(padded(LIMIT), padded(LIMIT + 1));
    expect(t.delivered).toHaveLength(1);
    expect(t.answers()).toMatchObject([{ id: 1, error: { code: -32600, message: /2049 bytes/ } }]);
  });

  it("answers a line that is not JSON with Parse error (-32700, id null) and keeps serving", async () => {
    t = await open();
    await t.write('{"jsonrpc":"2.0","id":3,"method":"ping"\n', ping(4));
    expect(t.answers()).toEqual([
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32700, message: expect.stringContaining("not valid JSON") },
      },
    ]);
    expect(t.delivered).toEqual([{ jsonrpc: "2.0", id: 4, method: "ping" }]);
  });

  it("answers JSON that is not JSON-RPC with Invalid Request (-32600), with its id when it has one", async () => {
    t = await open();
    await t.write('{"id":5,"method":"ping"}\n', "[1,2]\n", "\n", "  \r\n");
    expect(t.answers()).toEqual([
      {
        jsonrpc: "2.0",
        id: 5,
        error: { code: -32600, message: expect.stringContaining("not a JSON-RPC 2.0") },
      },
      { jsonrpc: "2.0", id: null, error: { code: -32600, message: expect.any(String) } },
    ]);
    expect(t.delivered).toEqual([]);
  });
});

describe("FramedStdioServerTransport when the client goes away", () => {
  it("reports a broken stdout (EPIPE) instead of crashing", async () => {
    const t = await open();
    t.stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(t.errors.map((e) => e.message)).toEqual(["write EPIPE"]);
    await t.transport.close();
  });
});

describe("idAtEdges", () => {
  it.each([
    ['{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"a":"', "…", 12],
    ['{"id":"req-1","method":', "…", "req-1"],
    ['{"method":"tools/call","params":{', '"}},"jsonrpc":"2.0","id":42}', 42],
    ['{"method":"x","params":{', '"b":{"id":9}}}', null],
    ['{"method":"x","params":{"id":9,', '"}}', null],
  ])("%s … %s → %s", (head, tail, id) => {
    expect(idAtEdges(head, tail)).toBe(id);
  });
});
