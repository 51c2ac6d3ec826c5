import { readEntity, segment } from "./entity.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import { type WireTask, wireTask } from "./request-work-schemas.ts";
import type { CallOptions, LookupRef, UserRef } from "./requests.ts";
import type { Transport } from "./transport.ts";

/**
 * The `task` object of add/update. [I] The body key `task` is inferred (reference §4.1); the keys
 * follow SDP's task form. Unknown keys pass through.
 */
export interface SdpTaskInput {
  title?: string;
  /** HTML. */
  description?: string;
  status?: LookupRef;
  owner?: UserRef;
  group?: LookupRef;
  priority?: LookupRef;
  /** `{ value: "<epoch ms>" }`. */
  scheduled_start_time?: { value: string };
  scheduled_end_time?: { value: string };
  [key: string]: unknown;
}

/** Request tasks: `GET`/`POST /requests/{id}/tasks`, `GET`/`PUT /requests/{id}/tasks/{task_id}` ([S]). */
export interface TasksApi {
  add(requestId: string, task: SdpTaskInput, options?: CallOptions): Promise<WireTask>;
  list(requestId: string, options?: ListOptions): Promise<ListPage<WireTask>>;
  get(requestId: string, taskId: string, options?: CallOptions): Promise<WireTask>;
  update(requestId: string, taskId: string, task: SdpTaskInput, options?: CallOptions): Promise<WireTask>;
  /** Closes the task: an update to status "Closed" (no separate close route is documented). */
  close(requestId: string, taskId: string, options?: CallOptions): Promise<WireTask>;
}

const TASK_KEYS = ["task", "request_task"] as const;
const sig = (options?: CallOptions) => (options?.signal ? { signal: options.signal } : {});

/** Request tasks over a transport. Writes are sent once (only the transport's 401 refresh repeats them). */
export function createTasksApi(transport: Transport): TasksApi {
  const base = (requestId: string) => `/requests/${segment(requestId)}/tasks`;
  const api: TasksApi = {
    async add(requestId, task, options) {
      const path = base(requestId);
      const { body } = await transport.send({ method: "POST", path, inputData: { task }, ...sig(options) });
      return readEntity(body, TASK_KEYS, wireTask, `POST ${path}`);
    },
    list(requestId, options) {
      // [C]-tolerant: `tasks` is the documented key; `request_tasks` is read too.
      return fetchPage(transport, base(requestId), ["tasks", "request_tasks"], wireTask, options);
    },
    async get(requestId, taskId, options) {
      const path = `${base(requestId)}/${segment(taskId)}`;
      const { body } = await transport.send({ method: "GET", path, ...sig(options) });
      return readEntity(body, TASK_KEYS, wireTask, `GET ${path}`);
    },
    async update(requestId, taskId, task, options) {
      const path = `${base(requestId)}/${segment(taskId)}`;
      const { body } = await transport.send({ method: "PUT", path, inputData: { task }, ...sig(options) });
      return readEntity(body, TASK_KEYS, wireTask, `PUT ${path}`);
    },
    close(requestId, taskId, options) {
      return api.update(requestId, taskId, { status: { name: "Closed" } }, options);
    },
  };
  return api;
}
