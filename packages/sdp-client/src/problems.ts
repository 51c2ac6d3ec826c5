import { readEntity, segment, withRouteFallback } from "./entity.ts";
import { type WireProblem, wireProblem } from "./itsm-wire-schemas.ts";
import { fetchPage, iteratePages, type ListOptions, type ListPage } from "./listing.ts";
import { createModuleNotesApi, type ModuleNotesApi } from "./module-notes.ts";
import type { CallOptions, LookupRef, UserRef } from "./requests.ts";
import type { SdpCall, Transport } from "./transport.ts";

/** The `problem` object of create/update (ANSIBLE `conf/problem.py`). Unknown keys pass through. */
export interface SdpProblemInput {
  title?: string;
  /** HTML. */
  description?: string;
  status?: LookupRef;
  priority?: LookupRef;
  impact?: LookupRef;
  urgency?: LookupRef;
  category?: LookupRef;
  group?: LookupRef;
  technician?: UserRef;
  /** [I] Sent in the grouped form `{description}`; the flat `root_cause_description` is also seen. */
  root_cause?: { description: string };
  symptoms?: { description: string };
  impact_details?: { description: string };
  is_known_error?: boolean;
  [key: string]: unknown;
}

/** How to close a problem. */
export interface CloseProblemInput {
  /** Closure code name, e.g. "Success". */
  closureCode?: string;
  comments?: string;
}

/** The problems module (reference §7). Every method throws `SdpError`s; reads are retried, writes never. */
export interface ProblemsApi {
  list(options?: ListOptions): Promise<ListPage<WireProblem>>;
  iterate(options?: Omit<ListOptions, "startIndex">): AsyncGenerator<WireProblem, void, undefined>;
  get(id: string, options?: CallOptions): Promise<WireProblem>;
  /** `title` is mandatory (SDP answers 4012 without it). */
  create(problem: SdpProblemInput, options?: CallOptions): Promise<WireProblem>;
  update(id: string, problem: SdpProblemInput, options?: CallOptions): Promise<WireProblem>;
  /** Closes the problem, then reads it back. */
  close(id: string, input?: CloseProblemInput, options?: CallOptions): Promise<WireProblem>;
  readonly notes: ModuleNotesApi;
  /**
   * Links requests to the problem, one call per request, in order. On a failure the earlier ones
   * stay linked; linking an already linked request again is harmless, so the call may be repeated.
   */
  linkRequests(problemId: string, requestIds: readonly string[], options?: CallOptions): Promise<void>;
  /** Unlinks requests from the problem, one call per request. */
  unlinkRequests(problemId: string, requestIds: readonly string[], options?: CallOptions): Promise<void>;
}

const sig = (options?: CallOptions): Pick<SdpCall, "signal"> =>
  options?.signal ? { signal: options.signal } : {};

/** The problems module over a transport. */
export function createProblemsApi(transport: Transport): ProblemsApi {
  const closeRoute: { preferred?: string } = {};
  const association = (problemId: string) => ({
    request_problem_association: { problem: { id: problemId } },
  });
  const api: ProblemsApi = {
    notes: createModuleNotesApi(transport, "problems"),
    list: (options) => fetchPage(transport, "/problems", ["problems"], wireProblem, options),
    iterate: (options) => iteratePages((o) => api.list(o), options),
    async get(id, options) {
      const path = `/problems/${segment(id)}`;
      const { body } = await transport.send({ method: "GET", path, ...sig(options) });
      return readEntity(body, ["problem"], wireProblem, `GET ${path}`);
    },
    async create(problem, options) {
      const { body } = await transport.send({
        method: "POST",
        path: "/problems",
        inputData: { problem },
        ...sig(options),
      });
      return readEntity(body, ["problem"], wireProblem, "POST /problems");
    },
    async update(id, problem, options) {
      const path = `/problems/${segment(id)}`;
      const { body } = await transport.send({ method: "PUT", path, inputData: { problem }, ...sig(options) });
      return readEntity(body, ["problem"], wireProblem, `PUT ${path}`);
    },
    async close(id, input = {}, options) {
      const closureInfo: Record<string, unknown> = {};
      if (input.closureCode) closureInfo.closure_code = { name: input.closureCode };
      if (input.comments !== undefined) closureInfo.closure_comments = input.comments;
      // [S] `PUT /problems/{id}/close`; `_close` as on requests [C] is tried when `close` is unknown.
      // [I] The details go in `closure_info` as on requests (ANSIBLE groups them as `close_details`);
      // with no details no body is sent.
      await withRouteFallback(closeRoute, ["close", "_close"], (route) =>
        transport.send({
          method: "PUT",
          path: `/problems/${segment(id)}/${route}`,
          ...(Object.keys(closureInfo).length > 0
            ? { inputData: { problem: { closure_info: closureInfo } } }
            : {}),
          ...sig(options),
        }),
      );
      return api.get(id, options);
    },
    async linkRequests(problemId, requestIds, options) {
      segment(problemId);
      // [S] chrisalibby (on-prem, confirmed live): the request-side association with this wrapper.
      for (const requestId of requestIds) {
        await transport.send({
          method: "POST",
          path: `/requests/${segment(requestId)}/problem`,
          inputData: association(problemId),
          ...sig(options),
        });
      }
    },
    async unlinkRequests(problemId, requestIds, options) {
      segment(problemId);
      // [S] On-prem the DELETE needs the association body (a bare DELETE answered 500): it is sent.
      for (const requestId of requestIds) {
        await transport.send({
          method: "DELETE",
          path: `/requests/${segment(requestId)}/problem`,
          inputData: association(problemId),
          ...sig(options),
        });
      }
    },
  };
  return api;
}
