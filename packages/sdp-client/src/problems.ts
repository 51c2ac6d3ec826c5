import { readEntity, segment, withRouteFallback } from "./entity.ts";
import { type WireProblem, wireProblem } from "./itsm-wire-schemas.ts";
import { fetchPage, iteratePages, type ListOptions, type ListPage } from "./listing.ts";
import { createModuleNotesApi, type ModuleNotesApi } from "./module-notes.ts";
import type { NotesApi } from "./notes.ts";
import {
  type CloseProblemWithRequestsInput,
  closeProblemWithRequests,
  type ProblemClosure,
} from "./problem-closure.ts";
import type { CallOptions, LookupRef, RequestsApi, UserRef } from "./requests.ts";
import type { SdpCall, Transport } from "./transport.ts";
import { type WireRequest, wireRequest } from "./wire-schemas.ts";

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
  /** One page of the requests linked to the problem (`GET /problems/{id}/requests` [I]). */
  linkedRequests(problemId: string, options?: ListOptions): Promise<ListPage<WireRequest>>;
  /**
   * Closes the problem (unless it is closed already), then adds a public note to each linked
   * request (`notify`, the default) or closes each with the message as resolution (`close`), one
   * request at a time, at most `maxRequests` per call. A request that fails is reported and the
   * others go on; calling again finishes the rest: closed requests and notes carrying the
   * problem's closure marker are skipped, so nothing is noted twice.
   */
  closeWithRequests(
    problemId: string,
    input: CloseProblemWithRequestsInput,
    options?: CallOptions,
  ): Promise<ProblemClosure>;
}

const sig = (options?: CallOptions): Pick<SdpCall, "signal"> =>
  options?.signal ? { signal: options.signal } : {};

/** The problems module over a transport; the closure of linked requests uses the requests and notes modules. */
export function createProblemsApi(
  transport: Transport,
  related: { requests: RequestsApi; notes: NotesApi },
): ProblemsApi {
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
    linkedRequests: (problemId, options) =>
      fetchPage(transport, `/problems/${segment(problemId)}/requests`, ["requests"], wireRequest, options),
    closeWithRequests: (problemId, input, options) =>
      closeProblemWithRequests(
        {
          getProblem: (id, o) => api.get(id, o),
          closeProblem: (id, i, o) => api.close(id, i, o),
          linkedRequests: (id, page) => api.linkedRequests(id, page),
          listNotes: (id, page) => related.notes.list(id, page),
          addNote: (id, note, o) => related.notes.add(id, note, o),
          updateRequest: (id, request, o) => related.requests.update(id, request, o),
          closeRequest: (id, i, o) => related.requests.close(id, i, o),
        },
        problemId,
        input,
        options,
      ),
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
