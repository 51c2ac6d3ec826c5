import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import {
  createMockHelpdesk,
  type MockHelpdesk,
  type MockHelpdeskOptions,
  mockInternals,
} from "./mock-helpdesk.ts";
import { createSdpMockApp, type SdpMockOptions } from "./sdp/app.ts";
import type { MockOAuth } from "./sdp/oauth.ts";

/** Options of {@link startSdpMockServer}. */
export interface SdpMockServerOptions extends SdpMockOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Options for the helpdesk the server creates when `helpdesk` is not given (`baseUrl` defaults to the server's URL). */
  helpdeskOptions?: MockHelpdeskOptions;
}

/** A running SDP fake. */
export interface RunningSdpMock {
  /** The SDP base URL, e.g. "http://127.0.0.1:8089" (API at `${url}/app/${portal}/api/v3`). */
  url: string;
  portal: string;
  /** The Zoho accounts URL (same origin): token endpoint at `${accountsUrl}/oauth/v2/token`. */
  accountsUrl: string;
  helpdesk: MockHelpdesk;
  oauth: MockOAuth;
  /** How many SDP API calls (`…/api/v3/…`) the server has answered so far: lets a test see whether a client called the helpdesk at all. */
  apiCalls(): number;
  /** Stops the server, drops open connections (held answers too) and closes a helpdesk it created. */
  close(): Promise<void>;
}

/** Starts the SDP Cloud v3-compatible fake on a port. */
export async function startSdpMockServer(options: SdpMockServerOptions = {}): Promise<RunningSdpMock> {
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  const server = createAdaptorServer({ fetch: (request, env) => handle(request, env) }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const owned = options.helpdesk === undefined;
  const helpdesk =
    options.helpdesk ??
    createMockHelpdesk({
      baseUrl: url,
      ...(options.now ? { now: options.now } : {}),
      ...options.helpdeskOptions,
    });
  const { app, oauth } = createSdpMockApp({ ...options, helpdesk });
  let apiCalls = 0;
  handle = (request, env) => {
    if (new URL(request.url).pathname.includes("/api/v3/")) apiCalls += 1;
    return app.fetch(request, env as object);
  };

  return {
    url,
    portal: mockInternals(helpdesk).link.portal,
    accountsUrl: url,
    helpdesk,
    oauth,
    apiCalls: () => apiCalls,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (owned) await helpdesk.close();
    },
  };
}
