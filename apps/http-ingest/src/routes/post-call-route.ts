import type { Helpdesk, Stores, TicketRef } from "@ispn/core";
import type { Hono } from "hono";
import type { Logger } from "pino";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { landingOfConversation } from "../conversation-tickets.ts";
import { elevenLabsSignatureMatches, readElevenLabsSignatureHeader } from "../elevenlabs-signature.ts";
import { fingerprint } from "../fingerprint.ts";
import { HttpError } from "../http-errors.ts";
import { IDEMPOTENCY_LEASE_MS, runIdempotent } from "../idempotency.ts";
import type { ByteBudget } from "../middleware/byte-budget.ts";
import { requireJsonRequest } from "../middleware/json-body.ts";
import { parseJsonBody } from "../middleware/parse-json.ts";
import { readBody } from "../middleware/read-body.ts";
import { signatureHeaderRefusal } from "./post-call-header-gate.ts";

export interface PostCallRouteDeps {
  helpdesk: Helpdesk;
  stores: Pick<Stores, "idempotency" | "dedup" | "outbox">;
  secrets: readonly string[];
  /** The per-request body limit (`WEBHOOK_BODY_LIMIT_BYTES`). */
  maxBytes: number;
  /** Bytes of bodies not yet verified, across concurrent requests (`WEBHOOK_BODY_BUDGET_BYTES`). */
  budget: ByteBudget;
  logger: Logger;
  now: () => number;
}

/** The `post_call_transcription` event this route reads (other event types are ignored); see /openapi.json. */
export const transcriptionEvent = z.object({
  type: z.literal("post_call_transcription"),
  data: z.object({
    conversation_id: z.string().min(1),
    status: z.string().optional(),
    metadata: z
      .object({ call_duration_secs: z.number().optional(), termination_reason: z.string().optional() })
      .loose()
      .optional(),
    analysis: z
      .object({
        call_successful: z.string().optional(),
        transcript_summary: z.string().optional(),
        call_summary_title: z.string().optional(),
      })
      .loose()
      .optional(),
  }),
});

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return "unknown";
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/**
 * The ticket of a conversation the index forgot: the one whose description names the conversation
 * (every handoff ticket carries a `Conversation: <id>` line).
 */
async function findByConversation(
  helpdesk: Pick<Helpdesk, "searchTickets">,
  conversationId: string,
): Promise<{ kind: "ticket"; ticket: TicketRef } | undefined> {
  const page = await helpdesk.searchTickets(conversationId, { page: { rowCount: 10 } });
  const found = page.items.find((t) => t.description.includes(conversationId));
  return found
    ? { kind: "ticket", ticket: { id: found.id, displayId: found.displayId, url: found.url } }
    : undefined;
}

/**
 * `POST /webhooks/elevenlabs/post-call`: refuses a missing, malformed or stale signature header
 * before reading the body, reads the body within its limit and the shared budget of unverified
 * bytes, verifies the HMAC over the raw bytes before parsing any JSON, and for
 * `post_call_transcription` appends the call summary to the ticket of that conversation, at most
 * once per conversation; when the conversation's handoff is still queued, the summary is kept with
 * it and added to its ticket on delivery. Other event types are acknowledged and ignored.
 */
export function registerPostCallRoute(app: Hono<AppEnv>, deps: PostCallRouteDeps): void {
  app.post("/webhooks/elevenlabs/post-call", async (c) => {
    if (deps.secrets.length === 0) {
      throw new HttpError(
        "forbidden",
        "Post-call webhooks are not configured: set ELEVENLABS_WEBHOOK_SECRETS.",
        { closeConnection: true },
      );
    }
    // Everything that can be refused without the body is refused before reading it.
    const check = readElevenLabsSignatureHeader(c.req.header("elevenlabs-signature"), deps.now());
    // Served by Node, `postCallHeaderGate` refused these already, before the app; this covers the rest.
    if (!check.ok) throw signatureHeaderRefusal(check.reason);
    requireJsonRequest(c);
    // The bytes of a body not yet verified are held in the shared budget until the HMAC is checked.
    const hold = deps.budget.hold();
    let raw: Buffer;
    try {
      raw = await readBody(c, { maxBytes: deps.maxBytes, hold });
      if (!elevenLabsSignatureMatches(check.header, raw, deps.secrets)) {
        throw new HttpError("forbidden", "The ElevenLabs-Signature header is not valid for this body.");
      }
    } finally {
      hold.release();
    }
    const body = parseJsonBody(raw) as { type?: unknown };
    if (body?.type !== "post_call_transcription") {
      return c.json({ status: "ignored", type: typeof body?.type === "string" ? body.type : null }, 200);
    }
    const event = transcriptionEvent.safeParse(body);
    if (!event.success) {
      throw new HttpError("invalid_request", "post_call_transcription needs data.conversation_id.", {
        details: event.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      });
    }
    const { conversation_id: conversationId, metadata, analysis } = event.data.data;
    const landing =
      (await landingOfConversation(deps.stores.dedup, conversationId, deps.now())) ??
      (await findByConversation(deps.helpdesk, conversationId));
    if (!landing) {
      deps.logger.info(
        { requestId: c.get("requestId"), conversationId },
        "post-call event for a conversation without a ticket",
      );
      return c.json({ status: "no_ticket", conversationId }, 200);
    }
    const note = [
      "Call summary (ElevenLabs)",
      `Outcome: ${analysis?.call_successful ?? "unknown"}`,
      `Duration: ${duration(metadata?.call_duration_secs)}`,
      ...(analysis?.call_summary_title ? [`Title: ${analysis.call_summary_title}`] : []),
      `Summary: ${analysis?.transcript_summary?.trim() || "(no summary)"}`,
      `Conversation: ${conversationId}`,
    ].join("\n");
    const { response, replayed } = await runIdempotent(
      {
        store: deps.stores.idempotency,
        key: `post-call:${conversationId}`,
        fingerprint: fingerprint({ conversationId }),
        ttlMs: 7 * 24 * 60 * 60 * 1000,
        leaseMs: IDEMPOTENCY_LEASE_MS,
        now: deps.now,
      },
      async () => {
        let ticket: TicketRef;
        if (landing.kind === "queued") {
          // Kept with the queued handoff and added to its ticket when it is delivered.
          const record = await deps.stores.outbox.addFollowUp(landing.reference, note);
          if (record?.state !== "delivered") {
            deps.logger.info(
              { requestId: c.get("requestId"), conversationId, reference: landing.reference },
              "call summary kept with the queued handoff",
            );
            return { status: 200, body: { status: "queued", conversationId, reference: landing.reference } };
          }
          ticket = record.ticket;
        } else {
          ticket = landing.ticket;
        }
        await deps.helpdesk.addNote(ticket.id, { body: note });
        deps.logger.info(
          { requestId: c.get("requestId"), conversationId, ticketId: ticket.id },
          "call summary added to ticket",
        );
        return { status: 200, body: { status: "recorded", conversationId, ticketId: ticket.id } };
      },
    );
    return c.json(
      replayed ? { ...(response.body as object), status: "already_recorded" } : (response.body as object),
      200,
    );
  });
}
