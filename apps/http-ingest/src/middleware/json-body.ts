import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-errors.ts";

/**
 * Accepts only JSON bodies within `maxBytes`: 415 for another content type, 413 when too large,
 * 400 for malformed JSON. Keeps the raw text (`rawBody`, for signatures) and the parsed `body`.
 */
export function jsonBody(maxBytes: number) {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
    },
  });
  const parse = createMiddleware<AppEnv>(async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
      throw new HttpError(
        "unsupported_media_type",
        `Send the body as JSON with Content-Type: application/json (got "${type || "none"}").`,
      );
    }
    const raw = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      throw new HttpError("invalid_json", `The body is not valid JSON: ${(error as Error).message}`);
    }
    c.set("rawBody", raw);
    c.set("body", body);
    await next();
  });
  return [limit, parse] as const;
}
