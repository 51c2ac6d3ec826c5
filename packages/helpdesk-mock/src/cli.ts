#!/usr/bin/env node
/**
 * `helpdesk-mock`: starts the SDP Cloud v3-compatible fake and prints the environment lines that
 * point the SDP client at it. Stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startSdpMockServer } from "./server.ts";

const USAGE = `Usage: helpdesk-mock [--port 8089] [--host 127.0.0.1] [--persist <file>] [--require-resolution]

Serves a fake ServiceDesk Plus Cloud (API v3) and Zoho token endpoint, and a ticket page at /.
  --port <n>              port to listen on (default 8089; 0 picks a free one)
  --host <addr>           address to bind (default 127.0.0.1)
  --persist <file>        keep tickets in this SQLite file (shared live with other processes)
  --require-resolution    closing a request without a resolution answers SDP's 3000 warning
  --help                  show this help
Fault controls: GET/PUT/DELETE <url>/_mock/faults (JSON).
`;

function fail(message: string): never {
  process.stderr.write(`helpdesk-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      port: { type: "string", default: "8089" },
      host: { type: "string", default: "127.0.0.1" },
      persist: { type: "string" },
      "require-resolution": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
}
try {
  values = parse().values;
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be 0..65535, got "${values.port}"`);

const running = await startSdpMockServer({
  port,
  host: values.host,
  helpdeskOptions: {
    ...(values.persist ? { persistPath: values.persist } : {}),
    requireResolutionToClose: values["require-resolution"],
  },
}).catch((error: unknown) => fail(`cannot start: ${(error as Error).message}`));

process.stdout.write(
  [
    "HELPDESK=sdp",
    `SDP_BASE_URL=${running.url}`,
    `SDP_PORTAL=${running.portal}`,
    `SDP_ACCOUNTS_URL=${running.accountsUrl}`,
    "SDP_CLIENT_ID=1000.mockclient",
    "SDP_CLIENT_SECRET=mocksecret",
    "SDP_REFRESH_TOKEN=1000.mockrefresh",
    `# Tickets: ${running.url}/   Faults: ${running.url}/_mock/faults`,
    "",
  ].join("\n"),
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("helpdesk-mock: error while stopping", error);
        process.exit(1);
      },
    );
  });
}
