import { z } from "zod";
import { type ErrorCode, STATUS_BY_CODE } from "./http-errors.ts";

// The bodies the routes answer with, as zod schemas for the OpenAPI document (`openapi.ts`). The
// conformance test (`openapi.conformance.test.ts`) checks real answers against them.

/** The error envelope `app.onError` renders, with the codes a status can carry. */
export function errorBodySchema(status: number) {
  const codes = (Object.keys(STATUS_BY_CODE) as ErrorCode[]).filter((c) => STATUS_BY_CODE[c] === status);
  return z.object({
    error: z.object({
      code: z
        .enum(codes as [ErrorCode, ...ErrorCode[]])
        .describe("Machine-readable; see the message for what to do"),
      message: z.string().describe("What is wrong and how to fix it"),
      requestId: z.string().describe("The X-Request-Id of this request, for support"),
      details: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .describe("Validation errors: one entry per field"),
    }),
  });
}

/** `GET /handoffs/{reference}`. */
export const handoffStatusBodySchema = z.union([
  z.object({
    reference: z.string(),
    state: z.literal("queued").describe("Waiting for the helpdesk"),
    queuedAt: z.string().describe("When it was queued (ISO-8601)"),
    attempts: z.number().int().describe("Delivery attempts so far"),
    category: z.string(),
    lastError: z.string().optional().describe("Why the last attempt failed"),
  }),
  z.object({
    reference: z.string(),
    state: z.literal("delivered").describe("On a ticket"),
    created: z.boolean().describe("true: it made a new ticket; false: it joined an open one"),
    ticketId: z.string(),
    ticketNumber: z.string().describe("The short number to read aloud"),
    ticketUrl: z.string(),
    deliveredAt: z.string().describe("When it reached the helpdesk (ISO-8601)"),
  }),
]);

/** `POST /webhooks/elevenlabs/post-call`. */
export const postCallAnswerSchema = z.union([
  z
    .object({
      status: z.enum(["recorded", "already_recorded"]),
      conversationId: z.string(),
      ticketId: z.string(),
    })
    .describe("The call summary was added to the conversation's ticket (now, or by an earlier delivery)"),
  z
    .object({
      status: z.enum(["queued", "already_recorded"]),
      conversationId: z.string(),
      reference: z.string(),
    })
    .describe("The conversation's handoff is still queued; the summary is added to its ticket on delivery"),
  z
    .object({ status: z.literal("no_ticket"), conversationId: z.string() })
    .describe("No handoff ticket is known for the conversation"),
  z
    .object({ status: z.literal("ignored"), type: z.string().nullable() })
    .describe("An event type other than post_call_transcription: acknowledged and ignored"),
]);

/** `GET /healthz`. */
export const healthBodySchema = z.object({ status: z.literal("ok") });

const check = z.object({ ok: z.boolean(), kind: z.string(), detail: z.string().optional() });

/** `GET /readyz`. */
export const readinessBodySchema = z.object({
  status: z
    .enum(["ready", "degraded", "not_ready"])
    .describe(
      "ready; degraded: the helpdesk is failing but handoffs are queued (keep sending traffic); not_ready: the store is down or the server is draining",
    ),
  draining: z.literal(true).optional(),
  checks: z.object({
    store: check,
    helpdesk: check.extend({ circuit: z.enum(["closed", "open", "half-open"]) }),
    outbox: z
      .object({ depth: z.number().int(), oldestAgeSeconds: z.number().int() })
      .optional()
      .describe("Handoffs waiting for the helpdesk"),
  }),
});
