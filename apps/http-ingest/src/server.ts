import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "./app-env.ts";

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (at most `timeoutMs`,
   * then cut the rest), then resolve. Idempotent.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

/** Serves the app on Node's HTTP server. Resolves once listening. */
export function startServer(
  app: Hono<AppEnv>,
  options: { host: string; port: number; logger: Logger },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }) as Server;
    server.once("error", reject);
    server.once("listening", () => {
      const { port } = server.address() as AddressInfo;
      const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
      let stopping: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        shutdown(timeoutMs) {
          stopping ??= new Promise<void>((done) => {
            const closed = new Promise<void>((r) => server.close(() => r()));
            const idle = setInterval(() => server.closeIdleConnections(), 50);
            const cap = setTimeout(() => {
              options.logger.warn({ timeoutMs }, "shutdown timeout: closing the remaining connections");
              server.closeAllConnections();
            }, timeoutMs);
            server.closeIdleConnections();
            void closed.then(() => {
              clearInterval(idle);
              clearTimeout(cap);
              done();
            });
          });
          return stopping;
        },
      });
    });
  });
}
