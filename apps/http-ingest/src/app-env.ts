import type { HttpBindings } from "@hono/node-server";

/** Hono types for this app: Node bindings (absent under `app.request()`) and per-request variables. */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    /** Who is calling: `token:<id>`, `hmac:<id>` or `ip:<address>`; keys rate limits and logs. */
    clientId: string;
    /** The request body exactly as received (for signatures). */
    rawBody: string;
    /** The parsed JSON body. */
    body: unknown;
    /** The route pattern, for metrics labels. */
    route: string;
  };
}
