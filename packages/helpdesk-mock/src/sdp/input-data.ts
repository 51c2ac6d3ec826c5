import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { failed } from "./envelope.ts";

/** A JSON object, as `input_data` carries. */
export type Json = Record<string, unknown>;

const FORM = /application\/x-www-form-urlencoded|multipart\/form-data/i;

/**
 * The request's `input_data`, parsed: read from a form body (`application/x-www-form-urlencoded`
 * or multipart) or from the query string, as SDP accepts both. The body wins when both are sent.
 * A GET with a form body (as the official Ansible collection sends) is read too when served by
 * `@hono/node-server`. Throws 4001 when `input_data` is not a JSON object.
 */
export async function readInputData(c: Context): Promise<Json> {
  const raw = (await fromBody(c)) ?? c.req.query("input_data");
  if (raw === undefined || raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw failed(4001, "input_data is not valid JSON", { field: "input_data" });
  }
  if (!isObject(parsed)) throw failed(4001, "input_data must be a JSON object", { field: "input_data" });
  return parsed;
}

async function fromBody(c: Context): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!FORM.test(type)) return undefined;
  if (c.req.method === "GET" || c.req.method === "HEAD") return fromIncoming(c);
  const body = await c.req.parseBody();
  const value = body.input_data;
  return typeof value === "string" ? value : undefined;
}

/** Reads a GET body straight from Node's request (a web `Request` cannot carry one). */
async function fromIncoming(c: Context): Promise<string | undefined> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || Number(incoming.headers["content-length"] ?? 0) === 0 || incoming.readableEnded) {
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(Buffer.from(chunk as Uint8Array));
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("input_data") ?? undefined;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
