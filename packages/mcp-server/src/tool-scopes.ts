/**
 * What each tool needs: `read` (looks things up), `write` (changes tickets), `handoff` (hands a
 * customer's problem to the technicians: finds or creates a ticket). An authenticating transport
 * offers a token only the tools its scopes cover (`McpServerDeps.offers`). Every tool has an entry:
 * `defineTool` refuses to register one without.
 */
export const TOOL_SCOPES = {
  handoff_submit: "handoff",
  ticket_find_or_create: "handoff",
  note_render: "read",
  handoff_status: "read",
  ticket_create: "write",
  ticket_get: "read",
  ticket_list: "read",
  ticket_search: "read",
  ticket_update: "write",
  ticket_close: "write",
  ticket_add_note: "write",
  ticket_list_notes: "read",
  helpdesk_metadata: "read",
  audit_query: "read",
  caller_tickets: "read",
} as const satisfies Record<string, ToolScope>;

export type ToolScope = "read" | "write" | "handoff";

/** The scope `tool` needs, or `undefined` for a name that is no tool of this server. */
export function toolScope(tool: string): ToolScope | undefined {
  return (TOOL_SCOPES as Record<string, ToolScope>)[tool];
}
