import { isHelpdeskError } from "@ispn/core";
import { Hono } from "hono";
import { sdpCodeOf } from "../desk-errors.ts";
import { createMockHelpdesk, type MockHelpdesk, mockInternals } from "../mock-helpdesk.ts";
import { registerUiRoutes } from "../ui/ui-pages.ts";
import { registerAttachmentRoutes } from "./attachments-routes.ts";
import { failed, failure, htmlPage, jsonResponse, SdpWireError, warning } from "./envelope.ts";
import { apiGuard } from "./guards.ts";
import { registerItsmRoutes } from "./itsm-routes.ts";
import { registerMetadataRoutes } from "./metadata-routes.ts";
import { registerMockRoutes } from "./mock-routes.ts";
import { registerNoteRoutes } from "./notes-routes.ts";
import { createOAuthServer, type MockOAuth } from "./oauth.ts";
import { createUdfCatalog } from "./request-keys.ts";
import { registerRequestRoutes } from "./requests-routes.ts";
import { registerTaskRoutes } from "./tasks-routes.ts";
import { registerWorklogRoutes } from "./worklogs-routes.ts";

/** Options of {@link createSdpMockApp}. */
export interface SdpMockOptions {
  /** The state to serve; must come from `createMockHelpdesk`. Default: a fresh `createMockHelpdesk({ now })`. */
  helpdesk?: MockHelpdesk;
  /** Clock for token expiry and the mint throttle. Default: the helpdesk's clock. */
  now?: () => number;
  /** Default "1000.mockclient". */
  clientId?: string;
  /** Default "mocksecret". */
  clientSecret?: string;
  /** The refresh token the server knows from the start. Default "1000.mockrefresh". */
  refreshToken?: string;
  /** Access-token lifetime. Default 3600. */
  tokenLifetimeSec?: number;
  /** Zoho's mint throttle. Default 10 per 600000 ms, answered with HTTP 200. */
  mintLimit?: { max: number; windowMs: number; httpStatus: 200 | 400 };
  /** Also accept `Authorization: Bearer …`. Default false (reference §2.1). */
  acceptBearer?: boolean;
  /** How long an ambiguous create holds its answer, ms. Default 30000. */
  responseDelayMsForAmbiguous?: number;
  /**
   * How an unknown `/app/{portal}` answers: `"html"` (default), an HTML 404 page; `"json"`, 404 with
   * SDP code 4007 "Invalid URL" (reference §5.3 [S]). Both forms are reported by SDP users.
   */
  unknownPortal?: "html" | "json";
  /** The portal's request UDF keys; others are refused with 4000. Default: `udf_char1`, `udf_sline_1`…`3`, `udf_sline_9`. */
  udfFields?: readonly string[];
}

/** The answer to an error no route turned into a response. */
function errorResponse(error: unknown): Response {
  if (error instanceof SdpWireError) return failure(error);
  const code = sdpCodeOf(error);
  if (code !== undefined && isHelpdeskError(error)) {
    if (code === 3000) return warning(error.message, error.fields);
    const field = error.fields[0];
    const detail = code === 4012 ? { fields: error.fields } : field === undefined ? {} : { field };
    return failure(failed(code, error.message, detail));
  }
  if (isHelpdeskError(error) && error.code === "timeout")
    return htmlPage(504, "Gateway Timeout", "No answer in time.");
  console.error("helpdesk-mock: unexpected error", error);
  return failure(failed(4004, "Internal Error"));
}

/**
 * The SDP Cloud v3-compatible fake as a Hono app: the API under both `/app/{portal}/api/v3/…` and
 * `/api/v3/…`, the Zoho token endpoint `POST /oauth/v2/token`, fault controls at `/_mock/faults`
 * and the ticket pages at `/`. Serve `app.fetch` with any server, or use `startSdpMockServer`.
 */
export function createSdpMockApp(options: SdpMockOptions = {}): { app: Hono; oauth: MockOAuth } {
  const helpdesk = options.helpdesk ?? createMockHelpdesk(options.now ? { now: options.now } : {});
  const inside = mockInternals(helpdesk);
  const oauth = createOAuthServer({
    now: options.now ?? inside.now,
    clientId: options.clientId ?? "1000.mockclient",
    clientSecret: options.clientSecret ?? "mocksecret",
    refreshToken: options.refreshToken ?? "1000.mockrefresh",
    tokenLifetimeSec: options.tokenLifetimeSec ?? 3600,
    mintLimit: options.mintLimit ?? { max: 10, windowMs: 600_000, httpStatus: 200 },
    acceptBearer: options.acceptBearer ?? false,
  });

  const api = new Hono();
  api.use(
    "*",
    apiGuard({
      faults: helpdesk.faults,
      random: inside.random,
      oauth,
      portal: inside.link.portal,
      unknownPortal: options.unknownPortal ?? "html",
    }),
  );
  registerRequestRoutes(api, {
    desk: inside.desk,
    faults: helpdesk.faults,
    ambiguousDelayMs: options.responseDelayMsForAmbiguous ?? 30_000,
    udfs: createUdfCatalog(options.udfFields),
    linkedRequestIds: () => new Set(helpdesk.itsm.problems.list().flatMap((p) => p.requestIds)),
  });
  registerNoteRoutes(api, inside.desk);
  registerMetadataRoutes(api, inside.desk.catalog);
  registerItsmRoutes(api, helpdesk.itsm, inside.desk);
  registerTaskRoutes(api, inside.work, inside.desk.catalog);
  registerWorklogRoutes(api, inside.work);
  registerAttachmentRoutes(api, inside.work);

  const app = new Hono();
  app.post("/oauth/v2/token", async (c) => {
    const params = new URL(c.req.url).searchParams;
    if (/x-www-form-urlencoded|multipart/i.test(c.req.header("content-type") ?? "")) {
      for (const [key, value] of Object.entries(await c.req.parseBody())) {
        if (typeof value === "string") params.set(key, value);
      }
    }
    const answer = oauth.token(params);
    return jsonResponse(answer.body, answer.status);
  });
  app.post("/oauth/v2/token/revoke", (c) => {
    oauth.revoke(c.req.query("token") ?? "");
    return jsonResponse({ status: "success" });
  });
  registerMockRoutes(app, helpdesk.faults);
  registerUiRoutes(app, { desk: inside.desk, faults: helpdesk.faults, link: inside.link });
  app.route("/app/:portal/api/v3", api);
  app.route("/api/v3", api);
  app.notFound(() => htmlPage(404, "Page not found", "The page you requested does not exist."));
  app.onError((error) => errorResponse(error));
  api.onError((error) => errorResponse(error));
  return { app, oauth: oauth.controls };
}
