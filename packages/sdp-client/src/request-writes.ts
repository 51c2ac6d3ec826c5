import type { SdpCall, Transport } from "./transport.ts";

/** Told the id of a request that a call is about to change, and again once the call has ended. */
export type RequestWriteListener = (requestId: string) => void;

/**
 * The request a call may change: any write to `/requests/{id}` or below it (update, close, assign,
 * pick-up, trash, tasks…), except adding a note, which leaves the request's status as it was.
 */
export function writtenRequest(call: Pick<SdpCall, "method" | "path">): string | undefined {
  if (call.method === "GET") return undefined;
  const match = /^\/requests\/([^/?]+)(\/[^?]*)?/.exec(call.path);
  if (!match?.[1]) return undefined;
  if (call.method === "POST" && match[2] === "/notes") return undefined;
  return decodeURIComponent(match[1]);
}

/**
 * Wraps a transport so listeners hear of every request a call may change, whichever API sent it
 * (the helpdesk adapter, request work, closing a problem's linked requests, `client.call`): before
 * the call and after it, so nothing read in between is kept as current.
 */
export function watchRequestWrites(transport: Transport): {
  transport: Transport;
  onRequestWrite(listener: RequestWriteListener): () => void;
} {
  const listeners = new Set<RequestWriteListener>();
  const tell = (id: string) => {
    for (const listener of listeners) listener(id);
  };
  return {
    transport: {
      async send(call) {
        const id = writtenRequest(call);
        if (id === undefined) return transport.send(call);
        tell(id);
        try {
          return await transport.send(call);
        } finally {
          tell(id);
        }
      },
    },
    onRequestWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
