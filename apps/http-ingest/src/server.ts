import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "./app-env.ts";
import { setSecureHeaders } from "./secure-headers.ts";

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (at most `timeoutMs`,
   * then cut the rest), then resolve. Idempotent.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

/**
 * A check of Node's request before the app sees it: it answers and returns true, or returns false
 * and leaves the request to the app (see `postCallHeaderGate`).
 */
export type BeforeApp = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * How long an idle keep-alive connection stays open by default: longer than the idle timeout of the
 * proxies in front (nginx and AWS ALB: 60 s), so the server is never the side that closes a
 * connection a proxy is about to reuse; Node's own 5 s made a proxy's request on such a connection
 * fail now and then (a 502 for the caller).
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Serves the app on Node's HTTP server. Resolves once listening. Every answer carries
 * `SECURE_HEADERS`, set here rather than in the app (see `secure-headers.ts`). With `beforeApp`,
 * every request goes through it first, and a request sent with `Expect: 100-continue` is told to
 * continue only once `beforeApp` let it through.
 */
export function startServer(
  app: Hono<AppEnv>,
  options: {
    host: string;
    port: number;
    logger: Logger;
    beforeApp?: BeforeApp;
    /** How long an idle keep-alive connection stays open (`KEEP_ALIVE_TIMEOUT_MS`); see `env.ts`. */
    keepAliveTimeoutMs?: number;
  },
): Promise<RunningServer> {
  const { beforeApp } = options;
  return new Promise((resolve, reject) => {
    const toApp = getRequestListener(app.fetch, { hostname: options.host });
    const server = createServer((req, res) => {
      setSecureHeaders(res);
      if (beforeApp?.(req, res)) return;
      void toApp(req, res);
    });
    if (beforeApp) {
      // Node answers 100 Continue by itself unless someone listens here.
      server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
        setSecureHeaders(res);
        if (beforeApp(req, res)) return;
        res.writeContinue();
        void toApp(req, res);
      });
    }
    server.keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    server.listen(options.port, options.host);
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
