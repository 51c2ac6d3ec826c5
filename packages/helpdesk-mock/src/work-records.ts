import type { PersonRecord } from "./records.ts";

/**
 * Tasks, worklogs and attachments of a request as the mock stores them. Every record hangs off one
 * ticket (`ticketId`) and is numbered by its own sequence.
 */

/** A request task. */
export interface TaskRecord {
  seq: number;
  id: string;
  ticketId: string;
  title: string;
  description?: string;
  status: string;
  owner?: PersonRecord;
  group?: string;
  priority?: string;
  createdAt: number;
  scheduledStart?: number;
  scheduledEnd?: number;
}

/** Time spent on a request. */
export interface WorklogRecord {
  seq: number;
  id: string;
  ticketId: string;
  description?: string;
  owner: PersonRecord;
  startTime: number;
  endTime: number;
  /** Whole minutes. */
  minutes: number;
}

/** A file on a request; `data` is the content, base64. */
export interface AttachmentRecord {
  seq: number;
  id: string;
  ticketId: string;
  name: string;
  contentType: string;
  size: number;
  data: string;
  createdAt: number;
  author: string;
}

/** The kinds of record a {@link WorkState} keeps. */
export interface WorkRecords {
  task: TaskRecord;
  worklog: WorklogRecord;
  attachment: AttachmentRecord;
}
export type WorkKind = keyof WorkRecords;

const ID_BASE: Record<WorkKind, bigint> = {
  task: 123640000007000005n,
  worklog: 123640000008000003n,
  attachment: 123640000009000001n,
};

/** SDP-style long numeric id of the `seq`-th record of a kind. */
export function workIdOf(kind: WorkKind, seq: number): string {
  return String(ID_BASE[kind] + BigInt(seq) * 1000n);
}
