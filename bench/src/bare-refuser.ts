/**
 * The cheapest refusal Node's HTTP server can make, as a control for `webhook-flood.ts`: every
 * request is answered 401 with `Connection: close`, reading stops at once, and the connection is
 * destroyed when the answer is out. Aimed at this process instead of http-ingest, the flood costs
 * the machine what it costs everywhere but in http-ingest (the load generator, the kernel).
 *
 *   node bench/src/bare-refuser.ts      (PORT, default 0 = any free port)
 *
 * Prints `listening on http://127.0.0.1:<port>` once ready; stops on SIGTERM/SIGINT.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = '{"error":{"code":"unauthorized","message":"no"}}';
const server = createServer((req, res) => {
  req.socket.pause();
  res.once("finish", () => req.socket.destroy());
  res.writeHead(401, {
    "content-type": "application/json",
    "content-length": body.length,
    connection: "close",
  });
  res.end(body);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
