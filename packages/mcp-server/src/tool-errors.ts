import {
  HandoffBusyError,
  type HelpdeskError,
  type Issue,
  isHelpdeskError,
  isStoreError,
  type MetadataKind,
} from "@ispn/core";

/**
 * A business refusal found by the tool itself (bad input the schema could not catch). The text
 * lists each field and what to send instead.
 */
export class ToolInputError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[], message = "The input was not accepted") {
    super(message);
    this.name = "ToolInputError";
    this.issues = issues;
  }
}

/** What the mapper knows about the call that failed. */
export interface ToolErrorContext {
  /** The tool (or resource / prompt) that failed, named in the advice. */
  tool: string;
  /** The ticket the call was about, when it had one. */
  ticketId?: string;
  /** The call budget, to say how long the call waited. */
  timeoutMs?: number;
  /** Looks up the valid values of a lookup field; `undefined` when they cannot be fetched. */
  validValues?: (kind: MetadataKind) => Promise<readonly string[] | undefined>;
}

/** Helpdesk field names (SDP wire names and ours) → the metadata kind listing their valid values. */
const FIELD_KINDS: Record<string, MetadataKind> = {
  status: "statuses",
  priority: "priorities",
  category: "categories",
  subcategory: "subcategories",
  template: "templates",
  technician: "technicians",
  group: "groups",
  site: "sites",
  urgency: "urgencies",
  impact: "impacts",
  mode: "modes",
  request_type: "request_types",
  requesttype: "request_types",
  closure_code: "closure_codes",
  closurecode: "closure_codes",
};

/** The metadata kind behind a field name, if it is a lookup field. */
export function kindOfField(field: string): MetadataKind | undefined {
  return FIELD_KINDS[field.trim().toLowerCase()];
}

const seconds = (ms: number | undefined, fallback: number) =>
  Math.max(1, Math.ceil((ms ?? fallback * 1000) / 1000));

/** A short machine code for logs: the error's code, never its message (which may hold PII). */
export function errorCode(error: unknown): string {
  if (error instanceof ToolInputError) return "invalid_input";
  if (isHelpdeskError(error)) return `helpdesk_${error.code}`;
  if (error instanceof HandoffBusyError) return "handoff_busy";
  if (isStoreError(error)) return "store_unavailable";
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "call_timeout";
  }
  return "unexpected";
}

/**
 * Turns any failure of a tool, resource or prompt into text that tells the model what to do next:
 * which field to fix and its valid values, when to retry, or to stop and ask a person.
 * Never includes stack traces or internal detail of unexpected errors.
 */
export async function toolErrorText(error: unknown, ctx: ToolErrorContext): Promise<string> {
  if (error instanceof ToolInputError) {
    const lines = error.issues.map((i) => `- ${i.path || "input"}: ${i.message}`);
    return `${error.message}. Fix the following and call ${ctx.tool} again:\n${lines.join("\n")}`;
  }
  if (isHelpdeskError(error)) return helpdeskErrorText(error, ctx);
  if (error instanceof HandoffBusyError) {
    return `Another handoff for the same caller or outage is still creating its ticket. Retry ${ctx.tool} in ${seconds(error.retryAfterMs, 2)} seconds with the same input: it will join that ticket instead of creating a second one.`;
  }
  if (isStoreError(error)) {
    return "The local dedup store is busy or unavailable (temporary). Retry in 5 seconds; nothing was created.";
  }
  if (errorCode(error) === "call_timeout") {
    const after = ctx.timeoutMs === undefined ? "" : ` after ${seconds(ctx.timeoutMs, 30)} seconds`;
    return `${ctx.tool} was abandoned${after} because the helpdesk answered too slowly. It may or may not have taken effect: check with ticket_get or ticket_search before repeating a create or a note.`;
  }
  return `${ctx.tool} failed with an unexpected internal error. Retry once; if it fails again, stop and tell the user to ask an administrator to check the server's log.`;
}

async function helpdeskErrorText(error: HelpdeskError, ctx: ToolErrorContext): Promise<string> {
  switch (error.code) {
    case "not_found": {
      const which = ctx.ticketId === undefined ? "The ticket" : `Ticket ${ctx.ticketId}`;
      return `${which} does not exist (or was deleted). Use ticket_search or ticket_list to find the ticket, then pass its "id" field as ticketId (ticket_get also takes the short ticket number, e.g. "#1001").`;
    }
    case "invalid":
      return invalidText(error, ctx);
    case "forbidden": {
      const fields = error.fields.length > 0 ? ` (field: ${error.fields.join(", ")})` : "";
      return `The helpdesk does not allow this${fields}: ${error.message}. Do not retry with the same values; leave the refused field out or ask a person with more rights.`;
    }
    case "misconfigured":
      return `The helpdesk connection is misconfigured: ${error.message} This is a configuration problem, not something a retry fixes: stop and tell the user to ask an administrator to fix the named setting.`;
    case "auth":
      return "The helpdesk rejected this server's credentials. This is a configuration problem, not something a retry fixes: stop and tell the user to ask an administrator to check the SDP_* settings.";
    case "rate_limited":
      return `The helpdesk's rate limit was reached (temporary). Retry ${ctx.tool} in ${seconds(error.retryAfterMs, 30)} seconds.`;
    case "unavailable":
      return `The helpdesk is unavailable right now (temporary). Retry ${ctx.tool} in ${seconds(error.retryAfterMs, 30)} seconds.`;
    case "timeout":
      return `The helpdesk did not answer in time (temporary). Retry ${ctx.tool} in ${seconds(error.retryAfterMs, 10)} seconds.`;
    case "ambiguous":
      return "The request reached the helpdesk but its answer was lost: the ticket or note may have been created. Search first (ticket_search, or ticket_get for a known ticket) and retry only if it is not there, so that nothing is created twice.";
  }
}

async function invalidText(error: HelpdeskError, ctx: ToolErrorContext): Promise<string> {
  const fields = error.fields;
  if (fields.length === 0) {
    return `The helpdesk refused the request: ${error.message}. Check the values against helpdesk_metadata and call ${ctx.tool} again.`;
  }
  const parts: string[] = [];
  for (const field of fields) {
    const kind = kindOfField(field);
    if (field === "resolution") {
      parts.push(
        "resolution: the helpdesk needs a resolution first; pass resolution (what was done) and try again.",
      );
    } else if (kind) {
      const values = await ctx.validValues?.(kind).catch(() => undefined);
      const list = values && values.length > 0 ? `valid values: ${values.join(", ")} ` : "";
      parts.push(`${field}: ${list}(call helpdesk_metadata with kind=${kind} for the full list).`);
    } else {
      parts.push(`${field}: check the value or give one if it is missing.`);
    }
  }
  return `The helpdesk rejected field(s) ${fields.join(", ")}: ${error.message}.\n${parts.map((p) => `- ${p}`).join("\n")}\nFix them and call ${ctx.tool} again.`;
}
