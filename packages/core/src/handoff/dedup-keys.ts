import type { Handoff } from "../schemas/prepare-handoff.ts";

/**
 * The dedup keys of a handoff, most specific first: `oa:<oaKey>` when it carries an outage key
 * (every caller of one outage joins one ticket), and `caller:<E.164>:<category>` when the caller is
 * known. A handoff with neither (a web-widget test) has no keys and is never deduplicated.
 */
export function dedupKeys(handoff: Pick<Handoff, "oaKey" | "callerNumber" | "category">): string[] {
  const keys: string[] = [];
  if (handoff.oaKey) keys.push(`oa:${handoff.oaKey}`);
  if (handoff.callerNumber) keys.push(`caller:${handoff.callerNumber}:${handoff.category}`);
  return keys;
}
