import { type AttachmentRules, checkAttachment, formatIssues, HelpdeskError } from "@ispn/core";
import type { LookupRef } from "./catalog.ts";
import { knownName } from "./catalog-names.ts";
import type { Desk } from "./desk.ts";
import { invalidValue, missingFields, notFound, type SdpCause } from "./desk-errors.ts";
import { resolveTechnician } from "./desk-patch.ts";
import type { WorkState } from "./state/work-state.ts";
import { type AttachmentRecord, type TaskRecord, type WorklogRecord, workIdOf } from "./work-records.ts";

/** The statuses a task may have. */
export const TASK_STATUSES = ["Open", "In Progress", "On Hold", "Resolved", "Closed"] as const;

/** Fields of a task add or update; lookups by id or name, as on the wire. */
export interface TaskPatch {
  title?: string;
  description?: string;
  status?: string;
  owner?: LookupRef;
  group?: LookupRef;
  priority?: LookupRef;
  scheduledStart?: number;
  scheduledEnd?: number;
}

/** A worklog to add. */
export interface WorklogInput {
  minutes: number;
  description?: string;
  /** Default: the current user (the token's technician). */
  owner?: LookupRef;
  /** Epoch ms; default `minutes` before now. */
  startTime?: number;
}

/** A file to attach. */
export interface AttachmentInput {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * The mock portal's rules for request tasks, worklogs and attachments, shared by the in-process
 * port (`mock.work`) and the HTTP fake. Refusals throw `HelpdeskError` carrying the SDP code.
 */
export interface WorkDesk {
  addTask(ticketId: string, task: TaskPatch): TaskRecord;
  tasks(ticketId: string): TaskRecord[];
  task(ticketId: string, taskId: string): TaskRecord;
  updateTask(ticketId: string, taskId: string, patch: TaskPatch): TaskRecord;
  addWorklog(ticketId: string, worklog: WorklogInput): WorklogRecord;
  worklogs(ticketId: string): WorklogRecord[];
  addAttachment(ticketId: string, file: AttachmentInput): AttachmentRecord;
  attachments(ticketId: string): AttachmentRecord[];
  attachment(ticketId: string, attachmentId: string): AttachmentRecord;
}

/** What the work desk needs. */
export interface WorkDeskOptions {
  desk: Desk;
  state: WorkState;
  now: () => number;
  attachmentRules: AttachmentRules;
}

function missing(what: string, id: string): HelpdeskError {
  return new HelpdeskError("not_found", `No ${what} with id ${id}`, {
    cause: { sdpStatusCode: 4007 } satisfies SdpCause,
  });
}

/** Creates the work desk. */
export function createWorkDesk(options: WorkDeskOptions): WorkDesk {
  const { desk, state, now } = options;
  const { catalog } = desk;
  const ticket = (id: string) => {
    const found = desk.get(id);
    if (!found) throw notFound(id);
    return found;
  };
  const applyTask = (task: TaskRecord, patch: TaskPatch): TaskRecord => {
    const next = { ...task };
    if (patch.title !== undefined) {
      if (!patch.title.trim()) throw missingFields(["title"]);
      next.title = patch.title;
    }
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.status !== undefined) {
      const status = TASK_STATUSES.find((s) => s.toLowerCase() === patch.status?.trim().toLowerCase());
      if (!status) throw invalidValue("status");
      next.status = status;
    }
    if (patch.owner) next.owner = resolveTechnician(catalog, patch.owner);
    if (patch.group) next.group = knownName(catalog, "groups", "group", patch.group);
    if (patch.priority) next.priority = knownName(catalog, "priorities", "priority", patch.priority);
    if (patch.scheduledStart !== undefined) next.scheduledStart = patch.scheduledStart;
    if (patch.scheduledEnd !== undefined) next.scheduledEnd = patch.scheduledEnd;
    if (
      next.scheduledStart !== undefined &&
      next.scheduledEnd !== undefined &&
      next.scheduledEnd < next.scheduledStart
    ) {
      throw invalidValue("scheduled_end_time");
    }
    return next;
  };
  const ownTask = (ticketId: string, taskId: string) => {
    ticket(ticketId);
    const found = state.get("task", taskId);
    if (!found || found.ticketId !== ticketId) throw missing("task", taskId);
    return found;
  };

  return {
    addTask(ticketId, patch) {
      ticket(ticketId);
      if (!patch.title?.trim()) throw missingFields(["title"]);
      // Validate before taking a sequence number, so a refused task leaves no gap.
      const draft = applyTask(
        { seq: 0, id: "", ticketId, title: "", status: "Open", createdAt: now() },
        patch,
      );
      return state.insert("task", (seq) => ({ ...draft, seq, id: workIdOf("task", seq) }));
    },
    tasks(ticketId) {
      ticket(ticketId);
      return state.list("task", ticketId);
    },
    task: ownTask,
    updateTask(ticketId, taskId, patch) {
      ownTask(ticketId, taskId);
      const updated = state.update("task", taskId, (current) => applyTask(current, patch));
      if (!updated) throw missing("task", taskId);
      return updated;
    },
    addWorklog(ticketId, input) {
      ticket(ticketId);
      if (!Number.isInteger(input.minutes) || input.minutes < 1) throw invalidValue("time_spent");
      const owner = resolveTechnician(catalog, input.owner ?? { id: catalog.currentUser().id });
      const startTime = input.startTime ?? now() - input.minutes * 60_000;
      return state.insert("worklog", (seq) => ({
        seq,
        id: workIdOf("worklog", seq),
        ticketId,
        ...(input.description === undefined ? {} : { description: input.description }),
        owner,
        startTime,
        endTime: startTime + input.minutes * 60_000,
        minutes: input.minutes,
      }));
    },
    worklogs(ticketId) {
      ticket(ticketId);
      return state.list("worklog", ticketId);
    },
    addAttachment(ticketId, file) {
      ticket(ticketId);
      const issues = checkAttachment(
        { name: file.name, contentType: file.contentType, size: file.bytes.byteLength },
        options.attachmentRules,
      );
      if (issues.length > 0) {
        throw new HelpdeskError("invalid", `The file cannot be attached: ${formatIssues(issues)}`, {
          fields: issues.map((i) => i.path),
          cause: { sdpStatusCode: 4001 } satisfies SdpCause,
        });
      }
      return state.insert("attachment", (seq) => ({
        seq,
        id: workIdOf("attachment", seq),
        ticketId,
        name: file.name,
        contentType: file.contentType,
        size: file.bytes.byteLength,
        data: Buffer.from(file.bytes).toString("base64"),
        createdAt: now(),
        author: catalog.currentUser().name,
      }));
    },
    attachments(ticketId) {
      ticket(ticketId);
      return state.list("attachment", ticketId);
    },
    attachment(ticketId, attachmentId) {
      ticket(ticketId);
      const found = state.get("attachment", attachmentId);
      if (!found || found.ticketId !== ticketId) throw missing("attachment", attachmentId);
      return found;
    },
  };
}
