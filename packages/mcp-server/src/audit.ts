import { type AuditEntry, maskPhone, normalizePhone } from "@ispn/core";
import type { Actor } from "./actor.ts";
import type { ServerContext } from "./context.ts";

/** The ticket a write touched: from its arguments, else from its result. */
function ticketOf(args: Record<string, unknown>, value: unknown): string | undefined {
  if (typeof args.ticketId === "string") return args.ticketId;
  const v = (value ?? {}) as { ticket?: { id?: unknown }; note?: { ticketId?: unknown }; ticketId?: unknown };
  for (const id of [v.ticket?.id, v.note?.ticketId, v.ticketId]) if (typeof id === "string") return id;
  return undefined;
}

/** The caller number a write concerns, masked: the voice call's caller, else the one in the arguments. */
function callerOf(
  args: Record<string, unknown>,
  actor: Actor | undefined,
  region: string,
): string | undefined {
  const bound = actor?.extra?.caller;
  const raw =
    typeof bound === "string" ? bound : typeof args.callerNumber === "string" ? args.callerNumber : undefined;
  if (raw === undefined) return undefined;
  const normalized = normalizePhone(raw, region);
  return maskPhone(normalized.ok ? normalized.value : raw);
}

/**
 * Records one write in the audit log. Never throws: the write itself has happened (or failed) and
 * its answer must reach the client; a lost audit entry is logged as an error instead.
 */
export async function auditWrite(
  ctx: ServerContext,
  write: {
    tool: string;
    actor: Actor | undefined;
    args: Record<string, unknown>;
    value?: unknown;
    code?: string;
  },
): Promise<void> {
  const ticketId = ticketOf(write.args, write.value);
  const caller = callerOf(write.args, write.actor, ctx.phoneRegion);
  const entry: AuditEntry = {
    at: Date.now(),
    actor: write.actor?.name ?? ctx.localActorName,
    via: write.actor ? (write.actor.extra?.profile === "voice" ? "voice" : "http") : "stdio",
    tool: write.tool,
    outcome: write.code === undefined ? "ok" : "error",
    ...(ticketId === undefined ? {} : { ticketId }),
    ...(write.code === undefined ? {} : { code: write.code }),
    ...(caller === undefined ? {} : { caller }),
  };
  try {
    await ctx.audit.append(entry);
  } catch (error) {
    ctx.logger.error({ tool: write.tool, err: (error as Error).message }, "audit entry not recorded");
  }
}
