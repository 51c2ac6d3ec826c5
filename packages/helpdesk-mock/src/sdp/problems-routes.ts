import type { Context, Hono } from "hono";
import type { Desk } from "../desk.ts";
import type { ProblemDesk } from "../itsm/problem-desk.ts";
import type { TicketRecord } from "../records.ts";
import { failed, list, single } from "./envelope.ts";
import { isObject, readInputData } from "./input-data.ts";
import { problemWire } from "./itsm-wire.ts";
import { applyListInfo } from "./list-info.ts";
import { registerModuleNoteRoutes } from "./module-note-routes.ts";
import { checkProblemKeys, parseProblem, parseProblemClosure } from "./parse-problem.ts";
import { extraKey } from "./request-keys.ts";
import { requestWire, trimRow } from "./wire.ts";

const NOT_FOUND = () => failed(4007, "Invalid URL or resource not found");
const ASSOCIATION = "request_problem_association";

/**
 * Problems (reference §7): `GET/POST /problems`, `GET/PUT /problems/{id}`, `PUT /problems/{id}/close`
 * (and `_close`, [C] as on requests), notes, and the request-side association
 * `POST`/`DELETE /requests/{id}/problem` with `{"request_problem_association":{"problem":{"id"}}}`
 * ([S] chrisalibby, confirmed live on-prem; a bare `{"problem"}` is refused with "Extra key").
 * The DELETE needs that body on-prem; cloud is unconfirmed, so a DELETE without a body works too.
 */
export function registerProblemRoutes(api: Hono, deps: { problems: ProblemDesk; requests: Desk }): void {
  const { problems } = deps;
  const catalog = deps.requests.catalog;
  const found = (id: string) => {
    const p = problems.get(id);
    if (!p) throw NOT_FOUND();
    return p;
  };
  const wire = (id: string) => problemWire(found(id), catalog);

  api.get("/problems", async (c) => {
    const all = problems.list().map((p) => problemWire(p, catalog));
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "created_time", order: "desc" },
      filters: {
        All_Problems: () => true,
        Open_Problems: (row) =>
          !["Closed", "Resolved"].includes(String((row.status as { name?: string } | null)?.name)),
      },
    });
    return list("problems", rows, listInfo);
  });
  api.get("/problems/:id", (c) => single({ problem: wire(c.req.param("id")) }));
  api.post("/problems", async (c) => {
    const problem = checkProblemKeys(await readInputData(c));
    const created = problems.create(parseProblem(problem));
    return single({ problem: problemWire(created, catalog) });
  });
  api.put("/problems/:id", async (c) => {
    const id = found(c.req.param("id")).id;
    const problem = checkProblemKeys(await readInputData(c));
    const updated = problems.update(id, parseProblem(problem));
    return single({ problem: problemWire(updated, catalog) });
  });
  for (const path of ["/problems/:id/close", "/problems/:id/_close"]) {
    api.put(path, async (c) => {
      const id = found(c.req.param("id") ?? "").id;
      const input = await readInputData(c);
      const problem = Object.keys(input).length === 0 ? {} : checkProblemKeys(input);
      const closed = problems.close(id, parseProblemClosure(problem));
      return single({ problem: problemWire(closed, catalog) }, [
        { status_code: 2000, type: "success", message: "Problem(s) closed" },
      ]);
    });
  }
  // [I] The requests linked to a problem, as request list rows (no source records the route).
  api.get("/problems/:id/requests", async (c) => {
    const problem = found(c.req.param("id"));
    const input = await readInputData(c);
    const linked = problem.requestIds
      .map((id) => deps.requests.get(id))
      .filter((r): r is TicketRecord => r !== undefined && !r.trashed)
      .map((r) => requestWire(r, catalog, { noteCount: deps.requests.notes(r.id).length, hasProblem: true }));
    const { rows, listInfo } = applyListInfo(linked, input, {
      defaultSort: { field: "created_time", order: "asc" },
      filters: { All_Requests: () => true },
      trim: trimRow,
    });
    return list("requests", rows, listInfo);
  });
  registerModuleNoteRoutes(api, {
    plural: "problems",
    module: "problem",
    exists: (id) => problems.get(id) !== undefined,
    notes: problems.notes,
  });

  /** The problem named by an association body; `required: false` lets a body-less DELETE through. */
  const associated = async (c: Context, required: boolean) => {
    const input = await readInputData(c);
    if (!required && Object.keys(input).length === 0) return undefined;
    for (const key of Object.keys(input)) if (key !== ASSOCIATION) throw extraKey(key);
    const body = input[ASSOCIATION];
    if (!isObject(body) || !isObject(body.problem)) {
      throw failed(4012, "Value for mandatory-field is not provided", { fields: [`${ASSOCIATION}.problem`] });
    }
    const id = body.problem.id;
    if (typeof id !== "string" && typeof id !== "number")
      throw failed(4001, "Value given for problem is not valid", { field: "problem" });
    const problem = problems.get(String(id));
    if (!problem) throw failed(4001, "Value given for problem is not valid", { field: "problem" });
    return problem;
  };
  const request = (id: string) => {
    if (!deps.requests.get(id)) throw NOT_FOUND();
    return id;
  };
  api.post("/requests/:id/problem", async (c) => {
    const requestId = request(c.req.param("id"));
    const problem = await associated(c, true);
    if (!problem) throw NOT_FOUND();
    problems.linkRequests(problem.id, [requestId]);
    return single({ [ASSOCIATION]: { problem: { id: problem.id, title: problem.title } } }, [
      { status_code: 2000, type: "success", message: "Problem associated successfully" },
    ]);
  });
  api.delete("/requests/:id/problem", async (c) => {
    const requestId = request(c.req.param("id"));
    const named = await associated(c, false);
    const linked = problems.problemOfRequest(requestId);
    if (!linked || (named && named.id !== linked.id)) {
      throw failed(4001, "The request is not associated with this problem", { field: "problem" });
    }
    problems.unlinkRequests(linked.id, [requestId]);
    return single({}, [{ status_code: 2000, type: "success", message: "Problem dissociated successfully" }]);
  });
}
