import type { MiddlewareHandler } from "hono";
import type { FaultController } from "../fault-controller.ts";
import { passFaults } from "../fault-gate.ts";
import { failed, failure, htmlPage, SdpWireError } from "./envelope.ts";
import type { OAuthServer } from "./oauth.ts";

/** What the API guard needs. */
export interface GuardDeps {
  faults: FaultController;
  random: () => number;
  oauth: OAuthServer;
  portal: string;
  /** How an unknown portal answers: an HTML 404 page, or JSON 404 with 4007 "Invalid URL". */
  unknownPortal: "html" | "json";
}

/** The documented Accept value, and the shorter one a shipped integration (XSOAR) sends successfully. */
const API_ACCEPT = /application\/(vnd\.manageengine\.sdp\.)?v3\+json/i;
const PORTAL_PATH = /^\/app\/([^/]+)\/api\/v3(\/|$)/;

/**
 * Runs before every API route, in the order a real deployment would fail: added latency, an
 * outage (HTML 503 from the front end), a wrong or missing `Accept` (the HTML sign-in page, 400),
 * an unknown portal (an HTML 404 page, or 4007 "Invalid URL"), a missing, wrong or expired token (401 with 4022), then rate limiting
 * (429 with 4015 and `Retry-After`) and the random error rate (500 with 4004).
 */
export function apiGuard(deps: GuardDeps): MiddlewareHandler {
  return async (c, next) => {
    const outcome = await passFaults(deps.faults, deps.random, c.req.raw.signal);
    if (outcome?.kind === "outage") {
      return htmlPage(503, "Service Unavailable", "ServiceDesk Plus is temporarily unavailable.");
    }
    if (!API_ACCEPT.test(c.req.header("accept") ?? "")) {
      return htmlPage(400, "ServiceDesk Plus - Sign in", "Sign in to continue to ServiceDesk Plus.");
    }
    const portal = PORTAL_PATH.exec(c.req.path)?.[1];
    if (portal !== undefined && decodeURIComponent(portal) !== deps.portal) {
      return deps.unknownPortal === "json"
        ? failure(failed(4007, "Invalid URL"))
        : htmlPage(404, "Page not found", "The page you requested does not exist.");
    }
    const auth = deps.oauth.check(c.req.header("authorization"));
    if (auth !== "ok") {
      const message = auth === "expired" ? "OAuth token expired" : "UNAUTHORISED";
      return failure(failed(4022, message));
    }
    if (outcome?.kind === "rate_limited") {
      const seconds = String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)));
      const limited = { status_code: 4015, type: "failed", message: "API Rate Limit reached" } as const;
      return failure(new SdpWireError(limited, { "retry-after": seconds }));
    }
    if (outcome?.kind === "error") return failure(failed(4004, "Internal Error"));
    return next();
  };
}
