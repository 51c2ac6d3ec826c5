import { type Outbox, parseHandoffReference } from "@ispn/core";
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-errors.ts";

/**
 * `GET /handoffs/{reference}`: what became of a queued handoff. While queued: `state: "queued"`,
 * when it was queued, attempts and the last error; once delivered: `state: "delivered"` and the
 * ticket number, id and link. Authenticated like the handoff route.
 */
export function registerHandoffStatusRoute(
  app: Hono<AppEnv>,
  deps: { outbox: Pick<Outbox, "lookup"> },
): void {
  app.get("/handoffs/:reference", async (c) => {
    const raw = c.req.param("reference");
    const reference = parseHandoffReference(raw);
    if (!reference) {
      throw new HttpError(
        "invalid_request",
        `"${raw}" is not a handoff reference; they look like H-7KQ3XM (the letter H and six letters or digits).`,
        { details: [{ field: "reference", message: "H- and six letters or digits" }] },
      );
    }
    const record = await deps.outbox.lookup(reference);
    if (!record) throw new HttpError("not_found", `No queued handoff has the reference ${reference}.`);
    if (record.state === "delivered") {
      return c.json({
        reference,
        state: "delivered",
        created: record.created,
        ticketId: record.ticket.id,
        ticketNumber: record.ticket.displayId,
        ticketUrl: record.ticket.url,
        deliveredAt: new Date(record.deliveredAt).toISOString(),
      });
    }
    const { entry } = record;
    return c.json({
      reference,
      state: "queued",
      queuedAt: new Date(entry.queuedAt).toISOString(),
      attempts: entry.attempts,
      category: entry.handoff.category,
      ...(record.lastError ? { lastError: record.lastError } : {}),
    });
  });
}
