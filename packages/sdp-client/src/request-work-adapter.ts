import {
  type Attachment,
  type AttachmentRules,
  HelpdeskError,
  type Person,
  parseWorkTime,
  type RequestTask,
  type RequestWork,
  type UpdateTaskInput,
  type Worklog,
} from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { toHelpdeskError } from "./error-mapping.ts";
import type { WireAttachment, WireTask, WireWorklog } from "./request-work-schemas.ts";
import type { UserRef } from "./requests.ts";
import type { SdpTaskInput } from "./tasks.ts";
import { isoTime, toPerson, toTicket } from "./ticket-mapping.ts";
import { worklogMinutes } from "./worklogs.ts";

/** Options of {@link createSdpRequestWork}. */
export interface SdpRequestWorkOptions {
  client: SdpClient;
  /** Checked before every upload. Default: core's `DEFAULT_ATTACHMENT_RULES`. */
  attachmentRules?: AttachmentRules;
}

const sig = (o?: { signal?: AbortSignal }) => (o?.signal ? { signal: o.signal } : {});

function userRef(p: Person): UserRef {
  if (p.email) return { email_id: p.email };
  if (p.id) return { id: p.id };
  return { name: p.name ?? "" };
}

function toTask(t: WireTask, ticketId: string): RequestTask {
  const owner = toPerson(t.owner);
  const created = t.created_time ? isoTime(t.created_time, "") : "";
  const end = t.scheduled_end_time ? isoTime(t.scheduled_end_time, "") : "";
  return {
    id: t.id,
    ticketId,
    title: t.title ?? "",
    status: t.status?.name ?? "Open",
    ...(t.description ? { description: t.description } : {}),
    ...(owner ? { owner } : {}),
    ...(t.group?.name ? { group: t.group.name } : {}),
    ...(t.priority?.name ? { priority: t.priority.name } : {}),
    ...(created ? { createdAt: created } : {}),
    ...(end ? { scheduledEnd: end } : {}),
  };
}

function toWorklog(w: WireWorklog, ticketId: string): Worklog {
  const technician = toPerson(w.owner ?? w.technician);
  const start = w.start_time ? isoTime(w.start_time, "") : "";
  const end = w.end_time ? isoTime(w.end_time, "") : "";
  return {
    id: w.id,
    ticketId,
    minutes: worklogMinutes(w),
    ...(w.description ? { description: w.description } : {}),
    ...(technician ? { technician } : {}),
    ...(start ? { startedAt: start } : {}),
    ...(end ? { endedAt: end } : {}),
  };
}

function toAttachment(a: WireAttachment, ticketId: string): Attachment {
  const size = typeof a.size === "number" ? a.size : Number(a.size?.value ?? 0);
  const created = a.created_time ?? a.attached_on;
  const createdAt = created ? isoTime(created, "") : "";
  return {
    id: a.id,
    ticketId,
    name: a.name ?? a.file_name ?? a.id,
    contentType: a.content_type ?? "application/octet-stream",
    size: Number.isFinite(size) ? size : 0,
    ...(createdAt ? { createdAt } : {}),
  };
}

/**
 * The `RequestWork` port on ServiceDesk Plus: tasks, worklogs, attachments, pick-up and assignment
 * through the client's modules, errors mapped to `HelpdeskError` (writes that may have happened are
 * "ambiguous", never retried here).
 */
export function createSdpRequestWork(options: SdpRequestWorkOptions): RequestWork {
  const { client } = options;
  const run = async <T>(write: boolean, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toHelpdeskError(error, write);
    }
  };
  const ticketAfter = async (id: string, o?: { signal?: AbortSignal }) => {
    const request = await client.requests.get(id, sig(o));
    return toTicket(request, client.requestUrl(request.id));
  };
  const taskWire = (input: UpdateTaskInput): SdpTaskInput => {
    const end = parseWorkTime(input.scheduledEnd, "scheduledEnd");
    return {
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.status === undefined ? {} : { status: { name: input.status } }),
      ...(input.owner ? { owner: userRef(input.owner) } : {}),
      ...(input.group === undefined ? {} : { group: { name: input.group } }),
      ...(input.priority === undefined ? {} : { priority: { name: input.priority } }),
      ...(end === undefined ? {} : { scheduled_end_time: { value: String(end) } }),
    };
  };
  const page = (p?: { startIndex?: number; rowCount?: number }) => ({
    ...(p?.startIndex === undefined ? {} : { startIndex: p.startIndex }),
    ...(p?.rowCount === undefined ? {} : { rowCount: p.rowCount }),
  });
  return {
    addTask: (ticketId, task, o) =>
      run(true, async () => toTask(await client.tasks.add(ticketId, taskWire(task), sig(o)), ticketId)),
    listTasks: (ticketId, p, o) =>
      run(false, async () => {
        const listed = await client.tasks.list(ticketId, { ...page(p), ...sig(o) });
        return { ...listed, items: listed.items.map((t) => toTask(t, ticketId)) };
      }),
    updateTask: (ticketId, taskId, patch, o) =>
      run(true, async () =>
        toTask(await client.tasks.update(ticketId, taskId, taskWire(patch), sig(o)), ticketId),
      ),
    addWorklog: (ticketId, worklog, o) =>
      run(true, async () => {
        if (!Number.isInteger(worklog.minutes) || worklog.minutes < 1) {
          throw new HelpdeskError("invalid", "minutes must be a whole number of 1 or more.", {
            fields: ["minutes"],
          });
        }
        const start = parseWorkTime(worklog.startedAt, "startedAt");
        const added = await client.worklogs.add(
          ticketId,
          {
            minutes: worklog.minutes,
            ...(worklog.description === undefined ? {} : { description: worklog.description }),
            ...(worklog.technician ? { owner: userRef(worklog.technician) } : {}),
            ...(start === undefined ? {} : { startTime: start }),
          },
          sig(o),
        );
        return toWorklog(added, ticketId);
      }),
    listWorklogs: (ticketId, p, o) =>
      run(false, async () => {
        const listed = await client.worklogs.list(ticketId, { ...page(p), ...sig(o) });
        return { ...listed, items: listed.items.map((w) => toWorklog(w, ticketId)) };
      }),
    pickUp: (ticketId, o) =>
      run(true, async () => {
        await client.requests.pickup(ticketId, sig(o));
        return ticketAfter(ticketId, o);
      }),
    assign: (ticketId, to, o) =>
      run(true, async () => {
        if (!to.technician && to.group === undefined) {
          throw new HelpdeskError(
            "invalid",
            "Name a technician, a group, or both to assign the request to.",
            {
              fields: ["technician", "group"],
            },
          );
        }
        await client.requests.assign(
          ticketId,
          {
            ...(to.technician ? { technician: userRef(to.technician) } : {}),
            ...(to.group === undefined ? {} : { group: { name: to.group } }),
          },
          sig(o),
        );
        return ticketAfter(ticketId, o);
      }),
    listAttachments: (ticketId, o) =>
      run(false, async () => {
        const all: Attachment[] = [];
        for (let startIndex = 1; ; startIndex += 100) {
          const listed = await client.attachments.list(ticketId, { startIndex, rowCount: 100, ...sig(o) });
          all.push(...listed.items.map((a) => toAttachment(a, ticketId)));
          if (!listed.hasMore || listed.items.length === 0) return all;
        }
      }),
    downloadAttachment: (ticketId, attachmentId, o) =>
      run(false, async () => {
        const listed = await client.attachments.list(ticketId, { rowCount: 100, ...sig(o) });
        const known = listed.items.find((a) => a.id === attachmentId);
        const file = await client.attachments.download(ticketId, attachmentId, sig(o));
        const attachment: Attachment = known
          ? toAttachment(known, ticketId)
          : {
              id: attachmentId,
              ticketId,
              name: file.fileName ?? attachmentId,
              contentType: file.contentType,
              size: file.bytes.byteLength,
            };
        return { attachment: { ...attachment, size: file.bytes.byteLength }, bytes: file.bytes };
      }),
    uploadAttachment: (ticketId, file, o) =>
      run(true, async () => {
        const uploaded = await client.attachments.upload(ticketId, file, {
          ...sig(o),
          ...(options.attachmentRules ? { rules: options.attachmentRules } : {}),
        });
        const mapped = toAttachment(uploaded, ticketId);
        return {
          ...mapped,
          size: mapped.size || file.bytes.byteLength,
          contentType: uploaded.content_type ?? file.contentType,
        };
      }),
  };
}
