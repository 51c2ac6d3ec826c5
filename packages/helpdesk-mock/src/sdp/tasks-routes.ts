import type { Context, Hono } from "hono";
import type { Catalog } from "../catalog.ts";
import type { TaskPatch, WorkDesk } from "../work-desk.ts";
import { list, single } from "./envelope.ts";
import { type Json, readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";
import { entityOf } from "./parse-request.ts";
import { checkKeys, checkTopKeys, lookupOf, textOf, timeOf, userOf } from "./work-parse.ts";
import { taskWire } from "./work-wire.ts";

/** The keys a `task` write may carry (SDP's task form); others are refused. */
const TASK_KEYS: ReadonlySet<string> = new Set([
  "title",
  "description",
  "status",
  "owner",
  "group",
  "priority",
  "scheduled_start_time",
  "scheduled_end_time",
  "estimated_effort",
  "percentage_completion",
  "task_type",
]);

function taskPatch(task: Json): TaskPatch {
  const patch: TaskPatch = {};
  if (task.title !== undefined) patch.title = textOf(task.title, "title");
  if (task.description !== undefined && task.description !== null)
    patch.description = textOf(task.description, "description");
  if (task.status !== undefined) {
    const status = lookupOf(task.status, "status");
    patch.status = status.name ?? status.id ?? "";
  }
  if (task.owner !== undefined && task.owner !== null) patch.owner = userOf(task.owner, "owner");
  if (task.group !== undefined && task.group !== null) patch.group = lookupOf(task.group, "group");
  if (task.priority !== undefined && task.priority !== null)
    patch.priority = lookupOf(task.priority, "priority");
  if (task.scheduled_start_time !== undefined)
    patch.scheduledStart = timeOf(task.scheduled_start_time, "scheduled_start_time");
  if (task.scheduled_end_time !== undefined)
    patch.scheduledEnd = timeOf(task.scheduled_end_time, "scheduled_end_time");
  return patch;
}

/**
 * Request tasks (reference §4.1 [S]; body key `task` [I]): `POST` / `GET /requests/{id}/tasks`
 * (list key `tasks`, oldest first), `GET` / `PUT /requests/{id}/tasks/{task_id}`. Unknown keys are
 * refused like SDP refuses them.
 */
export function registerTaskRoutes(api: Hono, work: WorkDesk, catalog: Catalog): void {
  const read = async (c: Context) => {
    const input = await readInputData(c);
    const task = entityOf(input, "task");
    checkTopKeys(input, "task");
    checkKeys(task, "task", TASK_KEYS);
    return taskPatch(task);
  };
  api.post("/requests/:id/tasks", async (c) => {
    const added = work.addTask(c.req.param("id"), await read(c));
    return single({ task: taskWire(added, catalog) });
  });
  api.get("/requests/:id/tasks", async (c) => {
    const all = work.tasks(c.req.param("id")).map((t) => taskWire(t, catalog));
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "created_time", order: "asc" },
    });
    return list("tasks", rows, listInfo);
  });
  api.get("/requests/:id/tasks/:taskId", (c) =>
    single({ task: taskWire(work.task(c.req.param("id"), c.req.param("taskId")), catalog) }),
  );
  api.put("/requests/:id/tasks/:taskId", async (c) => {
    const updated = work.updateTask(c.req.param("id"), c.req.param("taskId"), await read(c));
    return single({ task: taskWire(updated, catalog) });
  });
}
