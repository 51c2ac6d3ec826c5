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
  problem_list: "read",
  problem_get: "read",
  problem_create: "write",
  problem_update: "write",
  problem_close: "write",
  problem_add_note: "write",
  problem_link_requests: "write",
  problem_unlink_requests: "write",
  change_list: "read",
  change_get: "read",
  change_add_note: "write",
  solution_search: "read",
  solution_get: "read",
  asset_search: "read",
  asset_get: "read",
  project_list: "read",
  project_get: "read",
  ticket_task_add: "write",
  ticket_task_list: "read",
  ticket_task_update: "write",
  ticket_worklog_add: "write",
  ticket_worklog_list: "read",
  ticket_pick_up: "write",
  ticket_assign: "write",
  helpdesk_assignees: "read",
  ticket_attachment_list: "read",
  ticket_attachment_upload: "write",
} as const satisfies Record<string, ToolScope>;

export type ToolScope = "read" | "write" | "handoff";

/** The scope `tool` needs, or `undefined` for a name that is no tool of this server. */
export function toolScope(tool: string): ToolScope | undefined {
  return (TOOL_SCOPES as Record<string, ToolScope>)[tool];
}
