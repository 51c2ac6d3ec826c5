import type { Context, Hono } from "hono";
import type { WorkDesk, WorklogInput } from "../work-desk.ts";
import { failed, list, single } from "./envelope.ts";
import { isObject, type Json, readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";
import { entityOf } from "./parse-request.ts";
import { checkKeys, checkTopKeys, countOf, textOf, timeOf, userOf } from "./work-parse.ts";
import { worklogWire } from "./work-wire.ts";

/** Keys a `worklog` write may carry; `status` and `is_billable` are refused, as one cloud portal did [S]. */
const WORKLOG_KEYS: ReadonlySet<string> = new Set([
  "description",
  "owner",
  "start_time",
  "end_time",
  "time_spent",
  "other_charge",
  "worklog_type",
]);

const FORM = /application\/x-www-form-urlencoded|multipart\/form-data/i;

/** Minutes from `time_spent` `{hours, minutes}`, else from end − start; 4001 when neither is usable. */
function minutesOf(worklog: Json, start: number | undefined, end: number | undefined): number {
  if (worklog.time_spent !== undefined) {
    const spent = worklog.time_spent;
    if (!isObject(spent))
      throw failed(4001, "Value given for time_spent is not valid", { field: "time_spent" });
    const hours = spent.hours === undefined ? 0 : countOf(spent.hours, "time_spent.hours");
    const minutes = spent.minutes === undefined ? 0 : countOf(spent.minutes, "time_spent.minutes");
    return hours * 60 + minutes;
  }
  if (start !== undefined && end !== undefined) {
    if (end < start) throw failed(4016, "End time is before start time", { field: "end_time" });
    return Math.round((end - start) / 60_000);
  }
  throw failed(4012, "Value for mandatory-field is not provided", { fields: ["time_spent"] });
}

/**
 * Request worklogs (reference §4.6 [S] Teejer): `POST` / `GET /requests/{id}/worklogs` (list key
 * `worklogs`). As strict as that field report: the body must come as a form body (the endpoint
 * mis-parses `input_data` from the query string), and unknown keys such as `status` or
 * `is_billable` are refused.
 */
export function registerWorklogRoutes(api: Hono, work: WorkDesk): void {
  api.post("/requests/:id/worklogs", async (c: Context) => {
    if (!FORM.test(c.req.header("content-type") ?? "") && c.req.query("input_data") !== undefined) {
      throw failed(4001, "Send the worklog as a form body: input_data in the query string is not read here", {
        field: "input_data",
      });
    }
    const input = await readInputData(c);
    const worklog = entityOf(input, "worklog");
    checkTopKeys(input, "worklog");
    checkKeys(worklog, "worklog", WORKLOG_KEYS);
    const start = worklog.start_time === undefined ? undefined : timeOf(worklog.start_time, "start_time");
    const end = worklog.end_time === undefined ? undefined : timeOf(worklog.end_time, "end_time");
    const parsed: WorklogInput = { minutes: minutesOf(worklog, start, end) };
    if (worklog.description !== undefined && worklog.description !== null)
      parsed.description = textOf(worklog.description, "description");
    if (worklog.owner !== undefined && worklog.owner !== null) parsed.owner = userOf(worklog.owner, "owner");
    if (start !== undefined) parsed.startTime = start;
    const added = work.addWorklog(c.req.param("id") ?? "", parsed);
    return single({ worklog: worklogWire(added) });
  });
  api.get("/requests/:id/worklogs", async (c) => {
    const all = work.worklogs(c.req.param("id")).map(worklogWire);
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "start_time", order: "asc" },
    });
    return list("worklogs", rows, listInfo);
  });
}
