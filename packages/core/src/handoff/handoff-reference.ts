import { randomInt } from "node:crypto";

/** Letters and digits that cannot be misheard or misread as each other (Crockford's base 32). */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A short reference a caller can quote for a queued handoff: `H-` and six characters, e.g.
 * `H-7KQ3XM` (about a billion values; the outbox refuses a reference already in use).
 */
export function newHandoffReference(random: (max: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < 6; i++) code += ALPHABET[random(ALPHABET.length)];
  return `H-${code}`;
}

/** True when `text` looks like a handoff reference (any case, spaces or dashes between characters allowed). */
export function parseHandoffReference(text: string): string | undefined {
  const compact = text.replace(/[\s-]/g, "").toUpperCase();
  const match = /^H([0-9A-Z]{6})$/.exec(compact);
  return match ? `H-${match[1]}` : undefined;
}

/**
 * A handoff's identity as it is written on tickets and notes (`Ref: <id>`): letters, digits and
 * dashes only, so it survives HTML escaping and helpdesk search. Other ids are hashed into that form.
 */
export function handoffMarker(id: string, hash: (text: string) => string): string {
  return /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : `h-${hash(id).slice(0, 24)}`;
}

/** True when `text` (plain or HTML) carries the line `Ref: <marker>` for exactly this marker. */
export function mentionsMarker(text: string, marker: string): boolean {
  const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`Ref: ${escaped}(?=$|<|\\s)`).test(text);
}
