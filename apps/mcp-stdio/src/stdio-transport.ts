import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";

/** Default largest message, in bytes (the SDK's own stdio limit). */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** How many bytes of an oversized message's start and end are kept to find its `id`. */
const EDGE_BYTES = 512;
const NEWLINE = 0x0a;

export interface FramedStdioOptions {
  /** Largest message accepted, in bytes, without its newline. */
  maxMessageBytes?: number;
  /** Where refused messages are logged (never their content). */
  logger: WarnLogger;
}

/** The part of the app's logger the transport uses. */
export interface WarnLogger {
  warn(fields: Record<string, unknown>, message?: string): void;
}

/**
 * MCP over stdio, one JSON-RPC message per line, like the SDK's `StdioServerTransport`, but a bad
 * line never ends the session:
 * - a message over `maxMessageBytes` is skipped without being buffered, answered with JSON-RPC
 *   error -32600 (the request's id when it sits at the message's start or end, else null) and logged;
 * - a line that is not JSON is answered with -32700 Parse error (id null);
 * - JSON that is not a JSON-RPC message is answered with -32600 Invalid Request.
 * The SDK's transport instead closes on an oversized message (the server then exits silently) and
 * leaves malformed lines unanswered.
 */
export class FramedStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #max: number;
  readonly #logger: WarnLogger;
  /** The current line's bytes so far (while it is within the limit). */
  #parts: Buffer[] = [];
  #size = 0;
  /** Set while skipping the rest of an oversized line. */
  #oversized: { bytes: number; head: Buffer; tail: Buffer } | undefined;
  #started = false;

  constructor(stdin: Readable, stdout: Writable, options: FramedStdioOptions) {
    this.#stdin = stdin;
    this.#stdout = stdout;
    this.#max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#logger = options.logger;
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error("FramedStdioServerTransport already started");
    this.#started = true;
    this.#stdin.on("data", this.#onData);
    this.#stdin.on("error", this.#onError);
    // A client that went away (EPIPE) is reported, not an uncaught exception.
    this.#stdout.on("error", this.#onError);
  }

  async close(): Promise<void> {
    this.#stdin.off("data", this.#onData);
    this.#stdin.off("error", this.#onError);
    this.#stdout.off("error", this.#onError);
    if (this.#stdin.listenerCount("data") === 0) this.#stdin.pause();
    this.#parts = [];
    this.#size = 0;
    this.#oversized = undefined;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.#stdout.once("drain", resolve);
    });
  }

  readonly #onError = (error: Error) => this.onerror?.(error);

  readonly #onData = (chunk: Buffer) => {
    let rest = chunk;
    while (rest.length > 0) {
      const end = rest.indexOf(NEWLINE);
      const piece = end === -1 ? rest : rest.subarray(0, end);
      if (this.#oversized) this.#skip(piece);
      else if (this.#size + piece.length > this.#max) this.#beginSkipping(piece);
      else {
        this.#parts.push(piece);
        this.#size += piece.length;
      }
      if (end === -1) return;
      this.#endLine();
      rest = rest.subarray(end + 1);
    }
  };

  #beginSkipping(piece: Buffer): void {
    const line = Buffer.concat([...this.#parts, piece]);
    this.#oversized = {
      bytes: line.length,
      head: Buffer.from(line.subarray(0, EDGE_BYTES)),
      tail: Buffer.from(line.subarray(-EDGE_BYTES)),
    };
    this.#parts = [];
    this.#size = 0;
  }

  #skip(piece: Buffer): void {
    const skipped = this.#oversized!;
    skipped.bytes += piece.length;
    skipped.tail = Buffer.from(Buffer.concat([skipped.tail, piece]).subarray(-EDGE_BYTES));
  }

  #endLine(): void {
    const skipped = this.#oversized;
    if (skipped) {
      this.#oversized = undefined;
      this.#refuseOversized(skipped);
      return;
    }
    const line = Buffer.concat(this.#parts).toString("utf8").replace(/\r$/, "");
    this.#parts = [];
    this.#size = 0;
    if (line.trim() === "") return;
    this.#deliver(line);
  }

  #refuseOversized({ bytes, head, tail }: { bytes: number; head: Buffer; tail: Buffer }): void {
    const id = idAtEdges(head.toString("utf8"), tail.toString("utf8"));
    this.#logger.warn(
      { bytes, limit: this.#max, id },
      "refused a message over MCP_MAX_MESSAGE_BYTES; still serving",
    );
    void this.#sendError(
      id,
      ErrorCode.InvalidRequest,
      `Message too large: ${bytes} bytes, over the limit of ${this.#max} bytes (MCP_MAX_MESSAGE_BYTES). ` +
        "Send smaller arguments (e.g. a shorter note or description), or raise MCP_MAX_MESSAGE_BYTES.",
    );
  }

  #deliver(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.#logger.warn({ bytes: Buffer.byteLength(line) }, "refused a line that is not JSON; still serving");
      void this.#sendError(null, ErrorCode.ParseError, "Parse error: the line is not valid JSON.");
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    if (!parsed.success) {
      const id = requestIdOf(json);
      this.#logger.warn({ id }, "refused JSON that is not a JSON-RPC message; still serving");
      void this.#sendError(
        id,
        ErrorCode.InvalidRequest,
        'Invalid Request: not a JSON-RPC 2.0 message (needs "jsonrpc": "2.0" and a "method", or an "id" with "result" or "error").',
      );
      return;
    }
    try {
      this.onmessage?.(parsed.data);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

  #sendError(id: RequestId | null, code: number, message: string): Promise<void> {
    // The SDK's message types have no null id, but JSON-RPC requires it when the id is unknown.
    return this.send({ jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

function requestIdOf(json: unknown): RequestId | null {
  if (typeof json !== "object" || json === null) return null;
  const id = (json as { id?: unknown }).id;
  return typeof id === "string" || (typeof id === "number" && Number.isInteger(id)) ? id : null;
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.)*"|-?\d+)`;
/** `{"id": …` or `{"jsonrpc":"2.0","id": …` at the start of the message. */
const ID_AT_START = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID_VALUE}`);
/** `,"id": …}` closing the message (the SDK's clients write the id last). */
const ID_AT_END = new RegExp(String.raw`,\s*"id"\s*:\s*${ID_VALUE}\s*\}\s*$`);

/**
 * The id of a message too large to parse, when it is the first or the last member of the top-level
 * object (where JSON-RPC clients put it); null otherwise, as JSON-RPC prescribes.
 */
export function idAtEdges(head: string, tail: string): RequestId | null {
  const match = ID_AT_START.exec(head) ?? ID_AT_END.exec(tail.replace(/\r$/, ""));
  if (!match?.[1]) return null;
  try {
    const id = JSON.parse(match[1]) as unknown;
    return typeof id === "string" || typeof id === "number" ? id : null;
  } catch {
    return null;
  }
}
