/**
 * The baseline: a bare Hono JSON echo on @hono/node-server, the same stack http-ingest runs on,
 * without auth, validation, stores or a helpdesk. Run as its own process by the bench:
 *
 *   node bench/src/baseline-server.ts      (PORT, default 0 = any free port)
 *
 * Prints `listening on http://127.0.0.1:<port>` once ready; stops on SIGTERM/SIGINT.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.post("/echo", async (c) => c.json(await c.req.json()));

const server = serve(
  { fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0) },
  (info) => {
    process.stdout.write(`listening on http://127.0.0.1:${(info as AddressInfo).port}\n`);
  },
);
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
