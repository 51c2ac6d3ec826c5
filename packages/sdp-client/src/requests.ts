import { readEntity, segment, withRouteFallback } from "./entity.ts";
import { messageFields } from "./envelope.ts";
import { SdpValidationError } from "./errors.ts";
import { fetchPage, iteratePages, type ListOptions, type ListPage } from "./listing.ts";
import type { SdpCall, Transport } from "./transport.ts";
import { type WireRequest, wireRequest } from "./wire-schemas.ts";

/** A lookup value on input: by id or by name ("if both are given, the id wins"). */
export type LookupRef = { id: string } | { name: string };
/** A user on input: SDP accepts `email_id` (preferred), `id` or `name`. */
export type UserRef = { email_id: string } | { id: string } | { name: string };

/** The `request` object of create/update (reference §4.5). Unknown keys pass through. */
export interface SdpRequestInput {
  subject?: string;
  /** HTML. */
  description?: string;
  requester?: UserRef;
  technician?: UserRef;
  status?: LookupRef;
  priority?: LookupRef;
  category?: LookupRef;
  subcategory?: LookupRef;
  item?: LookupRef;
  mode?: LookupRef;
  template?: LookupRef;
  group?: LookupRef;
  site?: LookupRef;
  urgency?: LookupRef;
  impact?: LookupRef;
  level?: LookupRef;
  request_type?: LookupRef;
  resolution?: { content: string };
  udf_fields?: Record<string, string | number | boolean | null>;
  update_reason?: string;
  status_change_comments?: string;
  [key: string]: unknown;
}

/** How to close a request. */
export interface CloseRequestInput {
  /** Closure code name, e.g. "Success" (an unknown name is a hard error on SDP). */
  closureCode?: string;
  comments?: string;
  requesterAckResolution?: boolean;
  requesterAckComments?: string;
  /** Added (then close is retried) only when SDP answers 3000 asking for a resolution. */
  resolution?: string;
}

/** Per-call options: `signal` cancels the call. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The requests module (reference §4). Every method throws `SdpError`s. */
export interface RequestsApi {
  list(options?: ListOptions): Promise<ListPage<WireRequest>>;
  /** Every matching request, fetching pages of `rowCount` (default 100) as the loop advances. */
  iterate(options?: Omit<ListOptions, "startIndex">): AsyncGenerator<WireRequest, void, undefined>;
  get(id: string, options?: CallOptions): Promise<WireRequest>;
  create(request: SdpRequestInput, options?: CallOptions): Promise<WireRequest>;
  update(id: string, request: SdpRequestInput, options?: CallOptions): Promise<WireRequest>;
  /**
   * Closes the request. When SDP answers 3000 (warning) asking for a resolution and `resolution`
   * is given, adds it and closes again; otherwise throws `SdpValidationError` "incomplete" naming
   * the missing fields.
   */
  close(id: string, input?: CloseRequestInput, options?: CallOptions): Promise<WireRequest>;
  /** Moves the request to the trash (`DELETE /requests/{id}`; trash, not purge [S]). */
  delete(id: string, options?: CallOptions): Promise<void>;
  assign(id: string, to: { technician?: UserRef; group?: LookupRef }, options?: CallOptions): Promise<void>;
  /** Assigns the request to the token's own user. */
  pickup(id: string, options?: CallOptions): Promise<void>;
}

const sig = (options?: CallOptions): Pick<SdpCall, "signal"> =>
  options?.signal ? { signal: options.signal } : {};

/** The requests module over a transport. */
export function createRequestsApi(transport: Transport): RequestsApi {
  const closeRoute: { preferred?: string } = {};
  const assignRoute: { preferred?: string } = {};

  const api: RequestsApi = {
    list(options) {
      return fetchPage(transport, "/requests", ["requests"], wireRequest, options);
    },
    iterate(options) {
      return iteratePages((o) => api.list(o), options);
    },
    async get(id, options) {
      const path = `/requests/${segment(id)}`;
      const { body } = await transport.send({ method: "GET", path, ...sig(options) });
      return readEntity(body, ["request"], wireRequest, `GET ${path}`);
    },
    async create(request, options) {
      const { body } = await transport.send({
        method: "POST",
        path: "/requests",
        inputData: { request },
        ...sig(options),
      });
      return readEntity(body, ["request"], wireRequest, "POST /requests");
    },
    async update(id, request, options) {
      const path = `/requests/${segment(id)}`;
      const { body } = await transport.send({ method: "PUT", path, inputData: { request }, ...sig(options) });
      return readEntity(body, ["request"], wireRequest, `PUT ${path}`);
    },
    async close(id, input = {}, options) {
      const closureInfo: Record<string, unknown> = {};
      if (input.closureCode) closureInfo.closure_code = { name: input.closureCode };
      if (input.comments !== undefined) closureInfo.closure_comments = input.comments;
      if (input.requesterAckResolution !== undefined)
        closureInfo.requester_ack_resolution = input.requesterAckResolution;
      if (input.requesterAckComments !== undefined)
        closureInfo.requester_ack_comments = input.requesterAckComments;
      // [C] `close` (Teejer, on-prem) and `_close` (XSOAR) both appear on cloud: try both.
      const attempt = () =>
        withRouteFallback(closeRoute, ["close", "_close"], (route) =>
          transport.send({
            method: "PUT",
            path: `/requests/${segment(id)}/${route}`,
            inputData: { request: { closure_info: closureInfo } },
            acceptWarnings: true,
            ...sig(options),
          }),
        );
      let answer = await attempt();
      let missing = messageFields(answer.warnings);
      if (answer.warnings.length > 0 && missing.includes("resolution") && input.resolution) {
        await api.update(id, { resolution: { content: input.resolution } }, options);
        answer = await attempt();
        missing = messageFields(answer.warnings);
      }
      const after = await api.get(id, options);
      if (answer.warnings.length === 0 || isClosed(after)) return after;
      throw new SdpValidationError(
        "incomplete",
        missing.length > 0
          ? `SDP did not close the request; it still needs: ${missing.join(", ")}.`
          : "SDP did not close the request and gave no reason (warning 3000).",
        { statusCode: 3000, fields: missing, detail: `PUT /requests/${id}/close` },
      );
    },
    async delete(id, options) {
      await transport.send({ method: "DELETE", path: `/requests/${segment(id)}`, ...sig(options) });
    },
    async assign(id, to, options) {
      const request: Record<string, unknown> = {};
      if (to.technician) request.technician = to.technician;
      if (to.group) request.group = to.group;
      // [C] `assign` (on-prem) vs `_assign` (XSOAR, cloud): try both.
      await withRouteFallback(assignRoute, ["assign", "_assign"], (route) =>
        transport.send({
          method: "PUT",
          path: `/requests/${segment(id)}/${route}`,
          inputData: { request },
          ...sig(options),
        }),
      );
    },
    async pickup(id, options) {
      await transport.send({ method: "PUT", path: `/requests/${segment(id)}/pickup`, ...sig(options) });
    },
  };
  return api;
}

function isClosed(request: WireRequest): boolean {
  const name = request.status?.name?.toLowerCase() ?? "";
  return (
    name === "closed" ||
    (request.status as { internal_name?: string } | undefined)?.internal_name === "Closed"
  );
}
