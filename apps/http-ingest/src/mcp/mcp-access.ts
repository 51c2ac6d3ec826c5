import { maskPhone, normalizePhone } from "@ispn/core";
import { type Actor, type McpRuntime, toolScope } from "@ispn/mcp-server";
import { callerFromHeaders } from "./caller-header.ts";
import type { TokenEntry } from "./token-file.ts";

/** The tools a voice token may call (the `voice` profile of `@ispn/mcp-server`). */
const VOICE_TOOLS = ["caller_tickets", "handoff_status", "handoff_submit"];

/** The actor of a request: the token's person, and for a voice token the caller of the call. */
export function actorOf(entry: TokenEntry, header: (name: string) => string | undefined): Actor {
  const caller = entry.profile === "voice" ? (entry.caller ?? callerFromHeaders(header)) : undefined;
  return {
    name: entry.name,
    scopes: entry.scopes,
    extra: { profile: entry.profile, ...(caller === undefined ? {} : { caller }) },
  };
}

/** Why `entry` may not call `tool`, or `undefined` when it may. */
export function refusal(entry: TokenEntry, tool: string): string | undefined {
  const scope = toolScope(tool);
  if (scope === undefined) return undefined; // not ours: the server answers "not found"
  if (entry.profile === "voice") {
    if (VOICE_TOOLS.includes(tool) && entry.scopes.includes(scope)) return undefined;
    return `${tool} is not available to a voice agent's token: it may only look up the caller of this call (caller_tickets, handoff_status) and submit a handoff for them (handoff_submit).`;
  }
  if (entry.scopes.includes(scope)) return undefined;
  return `${tool} needs the "${scope}" scope; the token of ${entry.name} has ${entry.scopes.join(", ")}. Nothing was done. Ask the operator for a token with the ${scope} scope (MCP_TOKENS_FILE).`;
}

/** A JSON-RPC answer to one `tools/call` that is refused: a tool error the model can read. */
export function refusedCall(id: unknown, text: string): Response {
  const body = { jsonrpc: "2.0", id, result: { content: [{ type: "text", text }], isError: true } };
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

/** Records a refused write (a token calling a tool outside its scopes) in the audit log; never throws. */
export async function auditRefusal(runtime: McpRuntime, actor: Actor, tool: string): Promise<void> {
  const raw = actor.extra?.caller;
  const phone = typeof raw === "string" ? normalizePhone(raw, runtime.config.defaultPhoneRegion) : undefined;
  const caller = phone?.ok ? maskPhone(phone.value) : undefined;
  await runtime.stores.audit
    .append({
      at: Date.now(),
      actor: actor.name,
      via: actor.extra?.profile === "voice" ? "voice" : "http",
      tool,
      outcome: "error",
      code: "scope",
      ...(caller ? { caller } : {}),
    })
    .catch(() => {});
}
