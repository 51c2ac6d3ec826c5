import type { Actor } from "./actor.ts";

/**
 * The line that names who made a write, added to the text the helpdesk keeps (a note's body, a
 * ticket's description, closing comments), so the helpdesk's own record shows who did it even
 * though every MCP write uses the bridge's single helpdesk account.
 */
export function attributionLine(actor: Actor): string {
  return `— via MCP by ${actor.name}`;
}

/** `text` with the attribution appended (unchanged without an actor: stdio writes are the desktop user's own). */
export function signed(text: string, actor: Actor | undefined): string {
  return actor ? `${text}\n\n${attributionLine(actor)}` : text;
}
