import { maskPhone, type Stores } from "@ispn/core";
import type { Runtime } from "@ispn/runtime";
import type { Hono } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "../app-env.ts";
import { rememberConversationTicket } from "../conversation-tickets.ts";
import { fingerprint } from "../fingerprint.ts";
import { HttpError } from "../http-errors.ts";
import { IDEMPOTENCY_LEASE_MS, readIdempotencyKey, runIdempotent } from "../idempotency.ts";
import type { Metrics } from "../metrics.ts";

export interface HandoffRouteDeps {
  runtime: Pick<Runtime, "prepare" | "handoffs">;
  stores: Pick<Stores, "idempotency" | "dedup">;
  logger: Logger;
  metrics: Pick<Metrics, "handoffs">;
  now: () => number;
  budgetMs: number;
  idempotencyTtlMs: number;
}

const LOG_MESSAGES = {
  created: "handoff created a ticket",
  existing: "handoff joined an open ticket",
  queued: "handoff queued for the helpdesk",
} as const;

/**
 * `POST /ingest/oa-handoff`: validate, find or create the deduplicated ticket (or queue the handoff
 * when the helpdesk cannot take it in time), answer 200 with the handoff contract. Idempotent by
 * `Idempotency-Key`; without the header a body's `conversationId` (with the body's fingerprint, so a
 * conversation's second, different handoff is its own request) serves as the key, so ElevenLabs'
 * retries replay the first answer. The same key is the handoff's identity in the helpdesk, so a
 * retry after a lost answer never adds a second ticket or note.
 */
export function registerHandoffRoute(
  app: Hono<AppEnv>,
  deps: HandoffRouteDeps,
  path = "/ingest/oa-handoff",
): void {
  app.post(path, async (c) => {
    const body = c.get("body");
    const prepared = deps.runtime.prepare(body);
    if (!prepared.ok) {
      const details = prepared.issues.map((i) => ({ field: i.path || "body", message: i.message }));
      const summary = details.map((d) => `${d.field}: ${d.message}`).join("; ");
      throw new HttpError("invalid_request", `Invalid handoff: ${summary}`, { details });
    }
    const handoff = prepared.value;
    const print = fingerprint(body);
    const headerKey = readIdempotencyKey(c.req.header("idempotency-key"));
    const key = headerKey
      ? `idem:${headerKey}`
      : handoff.conversationId
        ? `conv:${handoff.conversationId}:${print.slice(0, 16)}`
        : undefined;

    // The conversation's index is written while the idempotent answer is stored: both are issued
    // in one tick (one Redis write for the two), and the answer waits for both.
    let remembered: Promise<void> | undefined;
    const work = async () => {
      const result = await deps.runtime.handoffs.submit(handoff, {
        budgetMs: deps.budgetMs,
        ...(key ? { handoffId: key } : {}),
      });
      deps.metrics.handoffs.inc({ outcome: result.outcome });
      if (handoff.conversationId) {
        remembered = rememberConversationTicket(
          deps.stores.dedup,
          handoff.conversationId,
          result,
          deps.now(),
        ).catch((error: unknown) =>
          deps.logger.warn(
            { requestId: c.get("requestId"), err: (error as Error).message },
            "could not index the conversation",
          ),
        );
      }
      deps.logger.info(
        {
          requestId: c.get("requestId"),
          ticketId: result.ticketId,
          outcome: result.outcome,
          category: result.category,
          caller: maskPhone(handoff.callerNumber),
          oaKey: handoff.oaKey,
        },
        LOG_MESSAGES[result.outcome],
      );
      return { status: 200, body: result };
    };

    try {
      if (!key) {
        const { body: answer } = await work();
        await remembered;
        return c.json(answer, 200);
      }
      const { response, replayed } = await runIdempotent(
        {
          store: deps.stores.idempotency,
          key,
          fingerprint: print,
          ttlMs: deps.idempotencyTtlMs,
          leaseMs: IDEMPOTENCY_LEASE_MS,
          now: deps.now,
          onStoreError: (error) =>
            deps.logger.warn(
              { requestId: c.get("requestId"), err: (error as Error).message },
              "could not store the idempotent answer",
            ),
        },
        work,
      );
      await remembered;
      if (replayed) c.header("Idempotent-Replayed", "true");
      return c.json(response.body as object, response.status as 200);
    } catch (error) {
      // Counted once here, whatever failed (store, helpdesk without an outbox, a refused retry).
      if (!(error instanceof HttpError && error.status < 500 && error.status !== 409)) {
        deps.metrics.handoffs.inc({ outcome: "failed" });
      }
      throw error;
    }
  });
}
