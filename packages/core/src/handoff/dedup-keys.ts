import { canonicalOutageKey } from "../schemas/normalize-agent-values.ts";
import type { Handoff } from "../schemas/prepare-handoff.ts";

/**
 * The dedup keys of a handoff. With an outage key it is only `oa:<canonical key>`: the outage
 * wins, so every caller of one outage joins one ticket, and a repeat caller of a new outage joins
 * the new outage's ticket, never the ticket of an earlier outage they called about (their caller
 * key is not looked up). Without one it is `caller:<E.164>:<category>` when the caller is known.
 * A handoff with neither (a web-widget test) has no keys and is never deduplicated. The outage key
 * is canonicalised here too, so a hand-built `Handoff` dedups like a prepared one.
 */
export function dedupKeys(handoff: Pick<Handoff, "oaKey" | "callerNumber" | "category">): string[] {
  const outage = handoff.oaKey === undefined ? undefined : canonicalOutageKey(handoff.oaKey);
  if (outage) return [`oa:${outage}`];
  if (handoff.callerNumber) return [`caller:${handoff.callerNumber}:${handoff.category}`];
  return [];
}
