import type { Person, Ticket } from "../ticket.ts";
import type { CallOptions, Page, PageRequest } from "./helpdesk.ts";

/**
 * The work technicians do on a request beyond notes: tasks, worklogs (time spent), attachments,
 * picking a request up and assigning it. Implemented by `@ispn/helpdesk-mock` (`mock.work`) and
 * `@ispn/sdp-client` (`createSdpRequestWork`). Failures throw `HelpdeskError` like the
 * `Helpdesk` port: `not_found` for an unknown request, task or attachment, `invalid` (with
 * `fields`) for a refused value, including an attachment that breaks {@link checkAttachment}.
 */
export interface RequestWork {
  addTask(ticketId: string, task: AddTaskInput, options?: CallOptions): Promise<RequestTask>;
  /** Tasks oldest first. */
  listTasks(ticketId: string, page?: PageRequest, options?: CallOptions): Promise<Page<RequestTask>>;
  /** Changes a task; only the fields given change. `status: "Closed"` closes it. */
  updateTask(
    ticketId: string,
    taskId: string,
    patch: UpdateTaskInput,
    options?: CallOptions,
  ): Promise<RequestTask>;
  addWorklog(ticketId: string, worklog: AddWorklogInput, options?: CallOptions): Promise<Worklog>;
  /** Worklogs oldest first. */
  listWorklogs(ticketId: string, page?: PageRequest, options?: CallOptions): Promise<Page<Worklog>>;
  /** Assigns the request to the technician the credentials act as. Returns the ticket after. */
  pickUp(ticketId: string, options?: CallOptions): Promise<Ticket>;
  /** Assigns the request to a technician, a group, or both. Returns the ticket after. */
  assign(ticketId: string, to: AssignInput, options?: CallOptions): Promise<Ticket>;
  listAttachments(ticketId: string, options?: CallOptions): Promise<Attachment[]>;
  /** The file's bytes. Throws `not_found` for an unknown request or attachment. */
  downloadAttachment(
    ticketId: string,
    attachmentId: string,
    options?: CallOptions,
  ): Promise<AttachmentContent>;
  /** Uploads a file to the request. Checked first by {@link checkAttachment} (`invalid` otherwise). */
  uploadAttachment(ticketId: string, file: AttachmentUpload, options?: CallOptions): Promise<Attachment>;
}

/** A task on a request (SDP `/requests/{id}/tasks`). */
export interface RequestTask {
  id: string;
  ticketId: string;
  title: string;
  description?: string;
  /** e.g. "Open", "In Progress", "Closed". */
  status: string;
  owner?: Person;
  group?: string;
  priority?: string;
  /** ISO-8601. */
  createdAt?: string;
  /** ISO-8601: when it should be done. */
  scheduledEnd?: string;
}

export interface AddTaskInput {
  title: string;
  description?: string;
  owner?: Person;
  group?: string;
  priority?: string;
  /** ISO-8601. */
  scheduledEnd?: string;
}

/** A task's changes: any of `AddTaskInput`'s fields, and its status. */
export interface UpdateTaskInput extends Partial<AddTaskInput> {
  status?: string;
}

/** Time spent on a request (SDP `/requests/{id}/worklogs`). */
export interface Worklog {
  id: string;
  ticketId: string;
  /** Whole minutes. */
  minutes: number;
  description?: string;
  /** Who did the work (SDP `owner`). */
  technician?: Person;
  /** ISO-8601. */
  startedAt?: string;
  endedAt?: string;
}

export interface AddWorklogInput {
  /** Whole minutes, 1 or more. */
  minutes: number;
  description?: string;
  /** Default: the technician the credentials act as. */
  technician?: Person;
  /** ISO-8601; default: `minutes` before now. */
  startedAt?: string;
}

export interface AssignInput {
  technician?: Person;
  group?: string;
}

/** A file on a request. */
export interface Attachment {
  id: string;
  ticketId: string;
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** ISO-8601, when known. */
  createdAt?: string;
}

export interface AttachmentContent {
  attachment: Attachment;
  bytes: Uint8Array;
}

export interface AttachmentUpload {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}
