import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-errors.ts";
import type { BudgetHold } from "./byte-budget.ts";

export interface ReadBodyOptions {
  maxBytes: number;
  /** Where the bytes read are held until the caller releases them (unauthenticated bodies). */
  hold?: BudgetHold;
}

const tooLarge = (maxBytes: number) =>
  new HttpError("payload_too_large", `The body is larger than ${maxBytes} bytes.`, { closeConnection: true });

const busy = () =>
  new HttpError("server_busy", "Too many large request bodies are being received at once; retry shortly.", {
    retryAfterSeconds: 1,
    closeConnection: true,
  });

const clientClosed = (cause?: unknown) =>
  new HttpError("client_closed_request", "The client closed the connection before sending the whole body.", {
    cause,
  });

/**
 * The request body's bytes, read with bounds: a `Content-Length` above `maxBytes` (or more than the
 * budget holds) is refused before a byte is read, and reading stops as soon as the body grows past
 * either. Served by Node, it reads the Node request directly (no Web stream in between); under
 * `app.request()` it reads the Request's stream. A client that goes away mid-body is a
 * `client_closed_request` (499), not a server error.
 */
export async function readBody(c: Context<AppEnv>, options: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes, hold } = options;
  const declared = c.req.header("content-length");
  if (declared !== undefined) {
    if (!/^\s*\d+\s*$/.test(declared)) {
      throw new HttpError(
        "invalid_request",
        `Content-Length must be a number of bytes (got "${declared}").`,
        {
          closeConnection: true,
        },
      );
    }
    const length = Number(declared);
    if (length > maxBytes) throw tooLarge(maxBytes);
    if (hold && !hold.take(length)) throw busy();
  }
  // With a declared length the whole of it is held already; otherwise chunk by chunk.
  const accept = (total: number, chunk: number) => {
    if (total > maxBytes) throw tooLarge(maxBytes);
    if (declared === undefined && hold && !hold.take(chunk)) throw busy();
  };
  const incoming = c.env?.incoming;
  if (incoming) return readIncoming(incoming, accept, declared === undefined ? undefined : Number(declared));
  return readStream(c.req.raw.body, accept);
}

function readIncoming(
  incoming: IncomingMessage,
  accept: (total: number, chunk: number) => void,
  length: number | undefined,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // With a declared length, chunks are copied into one buffer as they come (one copy of the body
    // in memory, not the chunks and their concatenation).
    const whole = length === undefined ? undefined : Buffer.allocUnsafe(length);
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
    };
    const fail = (error: unknown) => {
      cleanup();
      incoming.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      try {
        accept(total, chunk.length);
      } catch (error) {
        fail(error);
        return;
      }
      if (whole) chunk.copy(whole, total - chunk.length);
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (whole) resolve(total === whole.length ? whole : whole.subarray(0, total));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => fail(clientClosed(error));
    const onClose = () => {
      if (!incoming.complete) fail(clientClosed());
    };
    if (incoming.readableEnded) {
      reject(new HttpError("internal", "The request body was already read."));
      return;
    }
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
    if (incoming.destroyed && !incoming.complete) fail(clientClosed());
  });
}

async function readStream(
  body: ReadableStream<Uint8Array> | null,
  accept: (total: number, chunk: number) => void,
): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const result = await reader.read().catch((error: unknown) => {
        throw clientClosed(error);
      });
      if (result.done) break;
      total += result.value.byteLength;
      accept(total, result.value.byteLength);
      chunks.push(result.value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return Buffer.concat(chunks, total);
}
