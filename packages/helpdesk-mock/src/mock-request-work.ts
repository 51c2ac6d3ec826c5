import type {
  Attachment,
  CallOptions,
  Person,
  RequestTask,
  RequestWork,
  Ticket,
  UpdateTaskInput,
  Worklog,
} from "@ispn/core";
import { HelpdeskError, parseWorkTime } from "@ispn/core";
import type { LookupRef } from "./catalog.ts";
import type { Desk } from "./desk.ts";
import type { FaultController } from "./fault-controller.ts";
import { faultError, passFaults } from "./fault-gate.ts";
import { pageOf } from "./query.ts";
import { type PersonRecord, type TicketRecord, toTicket } from "./records.ts";
import type { TaskPatch, WorkDesk } from "./work-desk.ts";
import type { AttachmentRecord, TaskRecord, WorklogRecord } from "./work-records.ts";

/** What the in-process port needs. */
export interface MockRequestWorkDeps {
  desk: Desk;
  work: WorkDesk;
  faults: FaultController;
  random: () => number;
  link: { baseUrl: string; portal: string };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function personRef(p: Person): LookupRef {
  if (p.id !== undefined) return { id: p.id };
  if (p.email !== undefined) return { email: p.email };
  return { name: p.name ?? "" };
}

function toPerson(p: PersonRecord | undefined): Person | undefined {
  if (!p) return undefined;
  const out: Person = {};
  if (p.id !== undefined) out.id = p.id;
  if (p.name !== undefined) out.name = p.name;
  if (p.email !== undefined) out.email = p.email;
  return out;
}

function toTask(t: TaskRecord): RequestTask {
  const owner = toPerson(t.owner);
  return {
    id: t.id,
    ticketId: t.ticketId,
    title: t.title,
    status: t.status,
    createdAt: new Date(t.createdAt).toISOString(),
    ...(t.description === undefined ? {} : { description: t.description }),
    ...(owner ? { owner } : {}),
    ...(t.group === undefined ? {} : { group: t.group }),
    ...(t.priority === undefined ? {} : { priority: t.priority }),
    ...(t.scheduledEnd === undefined ? {} : { scheduledEnd: iso(t.scheduledEnd) as string }),
  };
}

function toWorklog(w: WorklogRecord): Worklog {
  const technician = toPerson(w.owner);
  return {
    id: w.id,
    ticketId: w.ticketId,
    minutes: w.minutes,
    startedAt: new Date(w.startTime).toISOString(),
    endedAt: new Date(w.endTime).toISOString(),
    ...(w.description === undefined ? {} : { description: w.description }),
    ...(technician ? { technician } : {}),
  };
}

/** An attachment record as the port's `Attachment`. */
export function toAttachment(a: AttachmentRecord): Attachment {
  return {
    id: a.id,
    ticketId: a.ticketId,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

function taskPatch(input: UpdateTaskInput): TaskPatch {
  const patch: TaskPatch = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.description !== undefined) patch.description = input.description;
  if (input.status !== undefined) patch.status = input.status;
  if (input.owner) patch.owner = personRef(input.owner);
  if (input.group !== undefined) patch.group = { name: input.group };
  if (input.priority !== undefined) patch.priority = { name: input.priority };
  const end = parseWorkTime(input.scheduledEnd, "scheduledEnd");
  if (end !== undefined) patch.scheduledEnd = end;
  return patch;
}

/**
 * The `RequestWork` port in process, over the same work desk the HTTP fake serves, with the mock's
 * faults applied to every call as for the `Helpdesk` port.
 */
export function createMockRequestWork(deps: MockRequestWorkDeps): RequestWork {
  const { desk, work } = deps;
  const gate = async (call?: CallOptions) => {
    const outcome = await passFaults(deps.faults, deps.random, call?.signal);
    if (outcome) throw faultError(outcome);
  };
  const ticket = (r: TicketRecord): Ticket => toTicket(r, deps.link);
  return {
    async addTask(ticketId, task, call) {
      await gate(call);
      return toTask(work.addTask(ticketId, taskPatch(task)));
    },
    async listTasks(ticketId, page, call) {
      await gate(call);
      return pageOf(work.tasks(ticketId).map(toTask), page);
    },
    async updateTask(ticketId, taskId, patch, call) {
      await gate(call);
      return toTask(work.updateTask(ticketId, taskId, taskPatch(patch)));
    },
    async addWorklog(ticketId, worklog, call) {
      await gate(call);
      const start = parseWorkTime(worklog.startedAt, "startedAt");
      return toWorklog(
        work.addWorklog(ticketId, {
          minutes: worklog.minutes,
          ...(worklog.description === undefined ? {} : { description: worklog.description }),
          ...(worklog.technician ? { owner: personRef(worklog.technician) } : {}),
          ...(start === undefined ? {} : { startTime: start }),
        }),
      );
    },
    async listWorklogs(ticketId, page, call) {
      await gate(call);
      return pageOf(work.worklogs(ticketId).map(toWorklog), page);
    },
    async pickUp(ticketId, call) {
      await gate(call);
      return ticket(desk.pickup(ticketId));
    },
    async assign(ticketId, to, call) {
      await gate(call);
      if (!to.technician && to.group === undefined) {
        throw new HelpdeskError("invalid", "Name a technician, a group, or both to assign the request to.", {
          fields: ["technician", "group"],
        });
      }
      return ticket(
        desk.assign(ticketId, {
          ...(to.technician ? { technician: personRef(to.technician) } : {}),
          ...(to.group === undefined ? {} : { group: { name: to.group } }),
        }),
      );
    },
    async listAttachments(ticketId, call) {
      await gate(call);
      return work.attachments(ticketId).map(toAttachment);
    },
    async downloadAttachment(ticketId, attachmentId, call) {
      await gate(call);
      const found = work.attachment(ticketId, attachmentId);
      return { attachment: toAttachment(found), bytes: new Uint8Array(Buffer.from(found.data, "base64")) };
    },
    async uploadAttachment(ticketId, file, call) {
      await gate(call);
      return toAttachment(work.addAttachment(ticketId, file));
    },
  };
}
