import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { readElevenLabsSignatureHeader, type SignatureHeaderCheck } from "../elevenlabs-signature.ts";
import { errorEnvelope, HttpError } from "../http-errors.ts";
import type { Metrics } from "../metrics.ts";
import { requestIdFrom } from "../middleware/request-scope.ts";
import { createRefusalLog } from "../refusal-log.ts";

export const POST_CALL_PATH = "/webhooks/elevenlabs/post-call";

/** The answer to an `ElevenLabs-Signature` header that is missing (401), malformed or stale (403). */
export function signatureHeaderRefusal(reason: Extract<SignatureHeaderCheck, { ok: false }>["reason"]) {
  return reason === "missing"
    ? new HttpError("unauthorized", "The ElevenLabs-Signature header is missing.", { closeConnection: true })
    : new HttpError("forbidden", `The ElevenLabs-Signature header is ${reason}.`, { closeConnection: true });
}

/**
 * Headers the app's error handler gives every such answer (the server adds `SECURE_HEADERS` to
 * both); a test compares the gate's answer with the app's, so the two cannot drift apart.
 */
const FIXED_HEADERS = {
  "content-type": "application/json",
  connection: "close",
} as const;

export interface PostCallHeaderGateDeps {
  /** `ELEVENLABS_WEBHOOK_SECRETS`; with none, the gate passes everything (the route answers 403). */
  secrets: readonly string[];
  metrics: Pick<Metrics, "httpRequests" | "httpLatency" | "errors">;
  logger: Pick<Logger, "warn">;
  now: () => number;
  /** At most one warn line per this many ms about refused headers (default one minute). */
  logEveryMs?: number;
}

/**
 * A check run on Node's request before the app sees it: a `POST /webhooks/elevenlabs/post-call`
 * whose `ElevenLabs-Signature` header is missing, malformed or stale gets the route's own answer
 * (401 or 403, the JSON error envelope, `Connection: close`) written straight to the Node response,
 * with no Web Request built and no middleware run, and its connection is destroyed as soon as the
 * answer is written, so none of the body the client is still sending is read. A client that sent
 * `Expect: 100-continue` is refused before it is told to send the body. Counted in the same metrics
 * as the app's answers; logged at most once per `logEveryMs` with counts (see `createRefusalLog`).
 * Returns whether it answered; anything else (a valid-looking header, another route or method, no
 * secrets configured) is left to the app, which checks the header again.
 */
export function postCallHeaderGate(
  deps: PostCallHeaderGateDeps,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  if (deps.secrets.length === 0) return () => false;
  const { metrics } = deps;
  // Made once: an error's stack trace costs more than the rest of a refusal.
  const refusals = {
    missing: signatureHeaderRefusal("missing"),
    malformed: signatureHeaderRefusal("malformed"),
    expired: signatureHeaderRefusal("expired"),
  };
  const log = createRefusalLog({
    logger: deps.logger,
    now: deps.now,
    everyMs: deps.logEveryMs ?? 60_000,
    message: "post-call webhooks refused for their ElevenLabs-Signature header, unread",
  });
  return (req, res) => {
    if (req.method !== "POST") return false;
    const url = req.url ?? "";
    const query = url.indexOf("?");
    if ((query < 0 ? url : url.slice(0, query)) !== POST_CALL_PATH) return false;
    const header = req.headers["elevenlabs-signature"];
    const check = readElevenLabsSignatureHeader(typeof header === "string" ? header : undefined, deps.now());
    if (check.ok) return false;
    const started = performance.now();
    // No more of the body is read: reading stops now, and the connection ends once the answer is
    // out (Node's own end of a `Connection: close` answer would read on until then).
    req.socket.pause();
    res.once("finish", () => req.socket.destroy());
    const refusal = refusals[check.reason];
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const body = JSON.stringify(errorEnvelope(refusal, requestId));
    res.writeHead(refusal.status, {
      ...FIXED_HEADERS,
      "content-length": Buffer.byteLength(body),
      "x-request-id": requestId,
    });
    res.end(body);
    const status = String(refusal.status);
    metrics.httpRequests.inc({ route: POST_CALL_PATH, method: "POST", status });
    metrics.httpLatency.observe({ route: POST_CALL_PATH }, (performance.now() - started) / 1000);
    metrics.errors.inc({ code: refusal.code });
    log(check.reason, () => ({ client: req.socket.remoteAddress, requestId, status: refusal.status }));
    return true;
  };
}
