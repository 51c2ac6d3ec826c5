import { connect, type Socket } from "node:net";

/** An HTTP/1.1 request written by hand, so a test controls exactly which body bytes are sent. */
export interface RawRequest {
  socket: Socket;
  /** Resolves with the status and headers of the answer, as soon as they arrive. */
  response: Promise<{ status: number; headers: Record<string, string> }>;
  /** Body bytes written so far. */
  sent(): number;
  /** Writes more body bytes. */
  write(bytes: Buffer | string): void;
}

/**
 * Opens a connection to `url` and writes the request line and headers, plus `body` if given (which
 * may be shorter than the Content-Length the headers declare). Nothing else is sent until `write`.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers: Record<string, string>; body?: Buffer | string },
): RawRequest {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on("error", () => undefined);
  let sent = 0;
  const head = [
    `${options.method ?? "POST"} ${options.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ].join("\r\n");
  socket.write(head);
  const write = (bytes: Buffer | string) => {
    if (socket.destroyed) return;
    sent += Buffer.byteLength(bytes);
    socket.write(bytes);
  };
  if (options.body !== undefined) write(options.body);
  const response = new Promise<{ status: number; headers: Record<string, string> }>((resolve, reject) => {
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [statusLine, ...lines] = received.slice(0, end).split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      resolve({ status: Number(statusLine!.split(" ")[1]), headers });
    });
    socket.on("close", () => reject(new Error("closed before an answer")));
  });
  response.catch(() => undefined);
  return { socket, response, sent: () => sent, write };
}
