import { afterEach } from "vitest";
import { createLogger } from "../src/logger.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { createHarness, type Harness } from "./harness.ts";

type HarnessArgs = Parameters<typeof createHarness>;

/**
 * Harnesses for one test file, closed after each test: `harness()` for `app.request` tests, and
 * `serve()` for the app on a real port (127.0.0.1, a free port), served as `serve.ts` serves it, with
 * the post-call check before the app. Call it once at the top of the file.
 */
export function useServedHarness() {
  let opened: Array<{ h: Harness; server?: RunningServer }> = [];
  afterEach(async () => {
    const closing = opened;
    opened = [];
    for (const { h, server } of closing) {
      await server?.shutdown(1000);
      await h.close();
    }
  });
  return {
    async harness(...args: HarnessArgs): Promise<Harness> {
      const h = await createHarness(...args);
      opened.push({ h });
      return h;
    },
    async serve(...args: HarnessArgs): Promise<{ h: Harness; server: RunningServer }> {
      const h = await createHarness(...args);
      const entry: { h: Harness; server?: RunningServer } = { h };
      opened.push(entry);
      const server = await startServer(h.app, {
        host: "127.0.0.1",
        port: 0,
        logger: createLogger("silent"),
        beforeApp: h.beforeApp,
        keepAliveTimeoutMs: h.config.keepAliveTimeoutMs,
      });
      entry.server = server;
      return { h, server };
    },
  };
}
