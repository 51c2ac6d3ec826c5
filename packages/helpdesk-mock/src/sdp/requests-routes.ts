import type { Context, Hono } from "hono";
import type { Desk } from "../desk.ts";
import type { FaultController } from "../fault-controller.ts";
import { takeAmbiguousCreate } from "../fault-gate.ts";
import type { TicketRecord } from "../records.ts";
import { failed, list, single } from "./envelope.ts";
import { type Json, readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";
import { entityOf, parseAssign, parseClosure, parseRequest } from "./parse-request.ts";
import { checkRequestKeys, metainfoBody, type UdfCatalog } from "./request-keys.ts";
import { requestWire, trimRow } from "./wire.ts";

/** What the request routes need. */
export interface RequestRoutesDeps {
  desk: Desk;
  faults: FaultController;
  /** How long an ambiguous create holds its answer. */
  ambiguousDelayMs: number;
  /** The portal's UDFs; other `udf_fields` keys are refused. */
  udfs: UdfCatalog;
  /** The ids of the requests a problem links (`has_problem`), read once per answer. */
  linkedRequestIds: () => ReadonlySet<string>;
}

const ENDED = new Set(["Closed", "Resolved"]);
const idOf = (c: Context) => c.req.param("id") ?? "";
const isOpen = (row: Json) => !ENDED.has(String((row.status as Json | null)?.name));
const technicianName = (row: Json) => (row.technician as Json | null)?.name;

/** Waits `ms` or until `signal` aborts (the client gave up), whichever is first. */
function hold(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** `/requests` and its actions (reference §4.1): list, get, create, update, delete, close, assign, pickup. */
export function registerRequestRoutes(api: Hono, deps: RequestRoutesDeps): void {
  const { desk } = deps;
  const me = desk.catalog.currentUser().name;
  const wire = (r: TicketRecord, linked = deps.linkedRequestIds()) =>
    requestWire(r, desk.catalog, { noteCount: desk.notes(r.id).length, hasProblem: linked.has(r.id) });
  const found = (id: string) => {
    const r = desk.get(id);
    if (!r) throw failed(4007, "Invalid URL or resource not found");
    return r;
  };
  const filters: Record<string, (row: Json) => boolean> = {
    All_Requests: () => true,
    Open_Requests: isOpen,
    Unassigned_Requests: (row) => isOpen(row) && !row.technician,
    Overdue_Requests: () => false,
    Requests_Due_Today: () => false,
    My_Open_Requests: (row) => isOpen(row) && technicianName(row) === me,
    My_Closed_Requests: (row) => !isOpen(row) && technicianName(row) === me,
  };

  api.get("/requests", async (c) => {
    const input = await readInputData(c);
    const linked = deps.linkedRequestIds();
    const all = desk.live().map((r) => wire(r, linked));
    const { rows, listInfo } = applyListInfo(all, input, {
      defaultSort: { field: "created_time", order: "desc" },
      filters,
      trim: trimRow,
    });
    return list("requests", rows, listInfo);
  });

  api.get("/requests/_metainfo", () => single(metainfoBody(deps.udfs)));
  api.get("/requests/:id", (c) => single({ request: wire(found(c.req.param("id"))) }));

  /** The `request` of a write, its keys checked as SDP checks them. */
  const requestOf = async (c: Context) => {
    const input = await readInputData(c);
    const request = entityOf(input, "request");
    checkRequestKeys(input, "request", deps.udfs);
    return request;
  };

  api.post("/requests", async (c) => {
    const request = await requestOf(c);
    const created = desk.create(parseRequest(request));
    if (takeAmbiguousCreate(deps.faults)) await hold(deps.ambiguousDelayMs, c.req.raw.signal);
    return single({ request: wire(created) });
  });

  api.put("/requests/:id", async (c) => {
    const id = c.req.param("id");
    found(id);
    const request = await requestOf(c);
    const closure = request.closure_info === undefined ? undefined : parseClosure(request.closure_info);
    return single({ request: wire(desk.update(id, parseRequest(request), closure)) });
  });

  api.delete("/requests/:id", (c) => {
    const id = c.req.param("id");
    found(id);
    if (c.req.query("delete_type") === "permanent") desk.purge(id);
    else desk.trash(id);
    return single({});
  });
  api.delete("/requests/:id/move_to_trash", (c) => {
    desk.trash(found(c.req.param("id")).id);
    return single({});
  });
  api.put("/requests/:id/restore_from_trash", (c) =>
    single({ request: wire(desk.restore(c.req.param("id"))) }),
  );

  const close = async (id: string, input: Json) => {
    found(id);
    const request = input.request === undefined ? {} : entityOf(input, "request");
    const closed = desk.close(id, parseClosure(request.closure_info));
    return single({ request: wire(closed) }, [
      { status_code: 2000, type: "success", message: "Request(s) closed" },
    ]);
  };
  for (const path of ["/requests/:id/close", "/requests/:id/_close"]) {
    api.put(path, async (c) => close(idOf(c), await readInputData(c)));
  }

  for (const path of ["/requests/:id/assign", "/requests/:id/_assign"]) {
    api.put(path, async (c) => {
      const id = idOf(c);
      found(id);
      const to = parseAssign(entityOf(await readInputData(c), "request"));
      return single({ request: wire(desk.assign(id, to)) });
    });
  }
  for (const path of ["/requests/:id/pickup", "/requests/:id/_pickup"]) {
    api.put(path, (c) => single({ request: wire(desk.pickup(found(idOf(c)).id)) }));
  }

  api.get("/requests/:id/resolutions", (c) => {
    const r = found(c.req.param("id"));
    return single({ resolution: wire(r).resolution ?? { content: null } });
  });
  api.post("/requests/:id/resolutions", async (c) => {
    const id = found(c.req.param("id")).id;
    const resolution = entityOf(await readInputData(c), "resolution");
    const updated = desk.update(id, parseRequest({ resolution }));
    return single({ resolution: wire(updated).resolution });
  });
}
