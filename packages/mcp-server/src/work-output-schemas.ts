import { z } from "zod";

/**
 * zod schemas of what the request-work tools return (`structuredContent`), mirroring the
 * `@ispn/core` `RequestWork` model (`RequestTask`, `Worklog`, `Attachment`).
 */

const person = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
});

export const taskSchema = z.object({
  id: z.string().describe("Pass this as taskId to ticket_task_update"),
  ticketId: z.string(),
  title: z.string(),
  description: z.string().optional(),
  status: z.string(),
  owner: person.optional(),
  group: z.string().optional(),
  priority: z.string().optional(),
  createdAt: z.string().optional(),
  scheduledEnd: z.string().optional(),
});

export const worklogSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  minutes: z.number().int().describe("Time spent, whole minutes"),
  description: z.string().optional(),
  technician: person.optional(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
});

export const attachmentSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().describe("Bytes"),
  createdAt: z.string().optional(),
  uri: z.string().describe("Read this resource to get the file's bytes"),
});

/** Paging fields of a list result. */
export const pageResultFields = {
  startIndex: z.number().int(),
  hasMore: z.boolean(),
  nextCursor: z.string().optional().describe("Pass as cursor for the next page; absent on the last page"),
};
