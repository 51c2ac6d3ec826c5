import { readEntity, segment } from "./entity.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import type { WireWorklog } from "./request-work-schemas.ts";
import { wireWorklog } from "./request-work-schemas.ts";
import type { CallOptions, UserRef } from "./requests.ts";
import type { Transport } from "./transport.ts";

/** A worklog to add (reference §4.6, [S] Teejer, field-tested on cloud). */
export interface AddWorklogWire {
  /** Whole minutes spent, 1 or more. */
  minutes: number;
  description?: string;
  /** The technician who did the work (SDP `owner`); SDP defaults to the token's user. */
  owner?: UserRef;
  /** Epoch ms; default: `minutes` before `now()`. */
  startTime?: number;
}

/** Request worklogs: `GET`/`POST /requests/{id}/worklogs` ([S]). */
export interface WorklogsApi {
  add(requestId: string, worklog: AddWorklogWire, options?: CallOptions): Promise<WireWorklog>;
  list(requestId: string, options?: ListOptions): Promise<ListPage<WireWorklog>>;
}

/**
 * Worklogs over a transport. The body is sent as a form body, never in the query: the worklogs
 * endpoint mis-parses nested objects such as `owner` from the query [S]. `status` and
 * `is_billable` are never sent (an instance refused them [S]).
 */
export function createWorklogsApi(transport: Transport, now: () => number): WorklogsApi {
  const base = (requestId: string) => `/requests/${segment(requestId)}/worklogs`;
  return {
    async add(requestId, input, options) {
      const path = base(requestId);
      const start = input.startTime ?? now() - input.minutes * 60_000;
      const worklog: Record<string, unknown> = {
        start_time: { value: String(start) },
        end_time: { value: String(start + input.minutes * 60_000) },
        time_spent: { hours: String(Math.floor(input.minutes / 60)), minutes: String(input.minutes % 60) },
      };
      if (input.description !== undefined) worklog.description = input.description;
      if (input.owner) worklog.owner = input.owner;
      const { body } = await transport.send({
        method: "POST",
        path,
        inputData: { worklog },
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, ["worklog", "request_worklog"], wireWorklog, `POST ${path}`);
    },
    list(requestId, options) {
      return fetchPage(transport, base(requestId), ["worklogs", "request_worklogs"], wireWorklog, options);
    },
  };
}

/** Whole minutes of a worklog: `time_spent` in any documented form, else end − start. */
export function worklogMinutes(w: WireWorklog): number {
  const spent = w.time_spent;
  if (typeof spent === "number") return Math.round(spent / 60_000);
  if (typeof spent === "string") {
    const hm = /^\s*(\d+)\s*:\s*(\d{1,2})/.exec(spent);
    if (hm) return Number(hm[1]) * 60 + Number(hm[2]);
  }
  if (spent && typeof spent === "object" && (spent.hours != null || spent.minutes != null)) {
    return (spent.hours ?? 0) * 60 + (spent.minutes ?? 0);
  }
  const start = Number(w.start_time?.value);
  const end = Number(w.end_time?.value);
  return Number.isFinite(start) && Number.isFinite(end) && end > start
    ? Math.round((end - start) / 60_000)
    : 0;
}
