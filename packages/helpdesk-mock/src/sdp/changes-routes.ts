import type { Hono } from "hono";
import type { Catalog } from "../catalog.ts";
import type { ChangeDesk, ChangePatch } from "../itsm/change-desk.ts";
import { failed, list, single } from "./envelope.ts";
import { isObject, type Json, readInputData } from "./input-data.ts";
import { changeWire } from "./itsm-wire.ts";
import { applyListInfo } from "./list-info.ts";
import { registerModuleNoteRoutes } from "./module-note-routes.ts";
import { userRef } from "./parse-problem.ts";
import { lookupRef } from "./parse-request.ts";
import { extraKey } from "./request-keys.ts";

const invalid = (field: string) => failed(4001, `Value given for ${field} is not valid`, { field });

/** Keys a `change` write may carry (ANSIBLE `conf/change.py`). */
const CHANGE_KEYS = new Set([
  "title",
  "description",
  "stage",
  "status",
  "template",
  "change_requester",
  "change_manager",
  "change_owner",
  "reason_for_change",
  "risk",
  "impact",
  "priority",
  "category",
  "subcategory",
  "item",
  "urgency",
  "change_type",
  "site",
  "group",
  "workflow",
  "roll_out_plan",
  "back_out_plan",
  "scheduled_start_time",
  "scheduled_end_time",
  "udf_fields",
]);

const nameOf = (value: unknown, field: string) => {
  if (value === undefined || value === null) return undefined;
  const ref = lookupRef(value, field);
  if (ref.name === undefined) throw invalid(field);
  return ref.name;
};
/** `{value: "<ms>"}` (a bare ms string or number is accepted too). */
const timeOf = (value: unknown, field: string) => {
  if (value === undefined || value === null) return undefined;
  const raw = isObject(value) ? value.value : value;
  const ms = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof ms !== "number" || !Number.isInteger(ms)) throw invalid(field);
  return ms;
};
const plan = (value: unknown, field: string) => {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || typeof value.description !== "string") throw invalid(field);
  return value.description;
};

function parseChange(change: Json): ChangePatch {
  const patch: Record<string, unknown> = {
    title: typeof change.title === "string" ? change.title : undefined,
    description: typeof change.description === "string" ? change.description : undefined,
    status: nameOf(change.status, "status"),
    stage: nameOf(change.stage, "stage"),
    changeType: nameOf(change.change_type, "change_type"),
    risk: nameOf(change.risk, "risk"),
    reasonForChange: nameOf(change.reason_for_change, "reason_for_change"),
    priority: change.priority == null ? undefined : lookupRef(change.priority, "priority"),
    site: change.site == null ? undefined : lookupRef(change.site, "site"),
    group: change.group == null ? undefined : lookupRef(change.group, "group"),
    changeManager:
      change.change_manager == null ? undefined : userRef(change.change_manager, "change_manager"),
    changeOwner: change.change_owner == null ? undefined : userRef(change.change_owner, "change_owner"),
    scheduledStart: timeOf(change.scheduled_start_time, "scheduled_start_time"),
    scheduledEnd: timeOf(change.scheduled_end_time, "scheduled_end_time"),
    rollOutPlan: plan(change.roll_out_plan, "roll_out_plan"),
    backOutPlan: plan(change.back_out_plan, "back_out_plan"),
  };
  if (change.title !== undefined && typeof change.title !== "string") throw invalid("title");
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ChangePatch;
}

/**
 * Changes (reference §7): `GET /changes` (rows carry `scheduled_start_time`/`scheduled_end_time`,
 * so a `search_criteria` on them finds the maintenance windows around a time), `GET /changes/{id}`,
 * `POST /changes` (title mandatory) and notes.
 */
export function registerChangeRoutes(api: Hono, deps: { changes: ChangeDesk; catalog: Catalog }): void {
  const { changes, catalog } = deps;
  api.get("/changes", async (c) => {
    const all = changes.list().map((r) => changeWire(r, catalog));
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "scheduled_start_time", order: "asc" },
    });
    return list("changes", rows, listInfo);
  });
  api.get("/changes/:id", (c) => {
    const record = changes.get(c.req.param("id"));
    if (!record) throw failed(4007, "Invalid URL or resource not found");
    return single({ change: changeWire(record, catalog) });
  });
  api.post("/changes", async (c) => {
    const input = await readInputData(c);
    for (const key of Object.keys(input)) if (key !== "change") throw extraKey(key);
    const change = input.change;
    if (!isObject(change))
      throw failed(4012, "Value for mandatory-field is not provided", { fields: ["change"] });
    for (const key of Object.keys(change)) if (!CHANGE_KEYS.has(key)) throw extraKey(`change.${key}`);
    return single({ change: changeWire(changes.create(parseChange(change)), catalog) });
  });
  registerModuleNoteRoutes(api, {
    plural: "changes",
    module: "change",
    exists: (id) => changes.get(id) !== undefined,
    notes: changes.notes,
  });
}
