import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-errors.ts";

/**
 * 405 with `Allow` for a method the route does not serve (GET also allows HEAD). Register it on the
 * route's path before any middleware that would read a body or ask for credentials.
 */
export function allowMethods(...methods: string[]) {
  const allowed = methods.includes("GET") && !methods.includes("HEAD") ? [...methods, "HEAD"] : methods;
  const allow = allowed.join(", ");
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!allowed.includes(c.req.method)) {
      throw new HttpError(
        "method_not_allowed",
        `${c.req.method} is not served at ${c.req.path}; use ${allow}.`,
        {
          headers: { Allow: allow },
          closeConnection: true,
        },
      );
    }
    await next();
  });
}
