import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-errors.ts";
import type { ByteBudget } from "./byte-budget.ts";
import { MAX_JSON_DEPTH, parseJsonBody } from "./parse-json.ts";
import { readBody } from "./read-body.ts";

/**
 * Refuses, before reading the body, what this service cannot read: another content type than JSON,
 * or a `Content-Encoding` (gzip, br, …) other than `identity` (415).
 */
export function requireJsonRequest(c: Context<AppEnv>): void {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new HttpError(
      "unsupported_media_type",
      `Send the body as JSON with Content-Type: application/json (got "${type || "none"}").`,
      { closeConnection: true },
    );
  }
  const encoding = c.req.header("content-encoding")?.trim().toLowerCase();
  if (encoding && encoding !== "identity") {
    throw new HttpError(
      "unsupported_media_type",
      `Content-Encoding "${encoding.replace(/[^\x20-\x7e]/g, "?").slice(0, 40)}" is not supported; send the body uncompressed (no Content-Encoding).`,
      { closeConnection: true },
    );
  }
}

/**
 * Accepts only JSON bodies within `maxBytes`: 415 for another content type or a compressed body,
 * 413 when too large (from Content-Length before reading, or as soon as the body grows past it),
 * 400 for malformed JSON or nesting deeper than the depth limit. With `budget`, the bytes are held in
 * it while read. Keeps the raw text (`rawBody`, for signatures) and the parsed `body`.
 */
export function jsonBody(options: { maxBytes: number; maxDepth?: number; budget?: ByteBudget }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    requireJsonRequest(c);
    const hold = options.budget?.hold();
    let raw: Buffer;
    try {
      raw = await readBody(c, { maxBytes: options.maxBytes, ...(hold ? { hold } : {}) });
    } finally {
      hold?.release();
    }
    const body = parseJsonBody(raw, options.maxDepth ?? MAX_JSON_DEPTH);
    c.set("rawBody", raw.toString("utf8"));
    c.set("body", body);
    await next();
  });
}
