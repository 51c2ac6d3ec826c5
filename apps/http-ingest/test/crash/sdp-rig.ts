import { createServer } from "node:net";
import type { RunningSdpMock } from "@ispn/helpdesk-mock";

/** A free TCP port on loopback (so a restarted process can listen on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of an http-ingest process talking to the SDP-compatible mock, with one token. */
export function sdpIngestEnv(mock: RunningSdpMock, token: string): Record<string, string> {
  return {
    HELPDESK: "sdp",
    SDP_BASE_URL: mock.url,
    SDP_PORTAL: mock.portal,
    SDP_ACCOUNTS_URL: mock.accountsUrl,
    SDP_CLIENT_ID: "1000.mockclient",
    SDP_CLIENT_SECRET: "mocksecret",
    SDP_REFRESH_TOKEN: "1000.mockrefresh",
    // a fixed test key: replicas on Redis share the SDP token only when they hold the same one
    TOKEN_ENCRYPTION_KEY: "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=",
    INGEST_TOKENS: token,
    RATE_LIMIT_PER_SECOND: "100000",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
}
