import { z } from "zod";
import { NOTE_LIMITS } from "../note/limits.ts";

const name = (what: string) =>
  z.string().trim().min(1, `${what} must not be empty`).max(100, `${what} is too long`);
const person = z
  .object({
    id: z.string().trim().min(1).optional(),
    name: z.string().trim().min(1).optional(),
    email: z.email("must be an email address").optional(),
    phone: z.string().trim().min(3).optional(),
  })
  .refine(
    (p) => Object.values(p).some((v) => v !== undefined),
    "give at least one of id, name, email, phone",
  );

/** Input for creating a ticket by hand (MCP `ticket_create`). */
export const createTicketSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(3, "subject must be at least 3 characters")
    .max(250, "subject must be at most 250 characters"),
  description: z.string().trim().max(20_000, "description must be at most 20000 characters").default(""),
  category: name("category").optional(),
  subcategory: name("subcategory").optional(),
  priority: name("priority").optional(),
  template: name("template").optional(),
  group: name("group").optional(),
  technician: person.optional(),
  requester: person.optional(),
});

/** Input for updating a ticket; at least one field. */
export const updateTicketSchema = z
  .object({
    subject: z.string().trim().min(3).max(250, "subject must be at most 250 characters").optional(),
    description: z.string().trim().max(20_000).optional(),
    status: name("status").optional(),
    priority: name("priority").optional(),
    category: name("category").optional(),
    subcategory: name("subcategory").optional(),
    group: name("group").optional(),
    technician: person.optional(),
    resolution: z.string().trim().min(1).max(20_000).optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), "give at least one field to change");

/** Input for closing a ticket. */
export const closeTicketSchema = z.object({
  closureCode: name("closureCode").optional(),
  comments: z.string().trim().max(2000, "comments must be at most 2000 characters").optional(),
  resolution: z.string().trim().min(1).max(20_000).optional(),
});

/** A general note on a ticket: 10–1000 characters. */
export const addNoteSchema = z.object({
  body: z
    .string()
    .trim()
    .min(NOTE_LIMITS.general.min, `body must be at least ${NOTE_LIMITS.general.min} characters`)
    .max(NOTE_LIMITS.general.max, `body must be at most ${NOTE_LIMITS.general.max} characters`),
  public: z.boolean().default(false),
});
