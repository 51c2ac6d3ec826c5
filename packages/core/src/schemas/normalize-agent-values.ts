import { hash as digest } from "node:crypto";

/** The confidence a handoff gets when the agent states none (in the body or the note). */
export const DEFAULT_CONFIDENCE = 0.5;

/** The longest canonical outage key; longer keys keep a prefix and a hash of the whole. */
export const OUTAGE_KEY_MAX = 128;

/**
 * What the agent sent where it differs from what the handoff uses, so the ticket can show it.
 * Each field is present only when the value was read differently from how it was sent.
 */
export interface AsSent {
  /** The caller id as sent when it was withheld or unusable ("anonymous", "{{system__caller_id}}"). */
  callerNumber?: string;
  /** The outage key as sent when it was a placeholder ("none") or not already in canonical form. */
  oaKey?: string;
  /** Present when the default confidence was assumed: the placeholder sent, or "" when none was. */
  confidence?: string;
}

/** The agent-filled values after normalisation, before phone and confidence parsing. */
export interface AgentValues {
  /** The caller id still to be read as a phone number; absent when none or withheld. */
  callerNumber?: string;
  /** The canonical outage key; absent when none or a placeholder. */
  oaKey?: string;
  /** The confidence still to be parsed; absent when none or a placeholder. */
  confidence?: number | string;
  asSent: AsSent;
}

/**
 * Values that mean "none" (outage keys, confidence), compared after canonicalisation (lowercase,
 * punctuation runs → "-"), so "N/A", "n.a." and " None " all match. "" covers values made only of
 * punctuation ("-", "---", "?").
 */
export const PLACEHOLDER_VALUES = [
  "",
  "none",
  "n-a",
  "na",
  "null",
  "nil",
  "undefined",
  "unknown",
  "not-applicable",
  "not-available",
  "no-outage",
  "no-outage-key",
] as const;
const PLACEHOLDERS = new Set<string>(PLACEHOLDER_VALUES);

/**
 * Caller ids that mean "withheld", compared lowercased with everything but the letters a–z removed,
 * and only when the value has no digit.
 */
export const WITHHELD_CALLER_ID_VALUES = [
  "anonymous",
  "restricted",
  "private",
  "privatenumber",
  "unknown",
  "unavailable",
  "withheld",
  "blocked",
  "hidden",
  "nocallerid",
  "none",
  "null",
  "undefined",
  "na",
  "notavailable",
] as const;
const WITHHELD_CALLER_IDS = new Set<string>(WITHHELD_CALLER_ID_VALUES);

/** True for an unfilled template variable such as `{{system__caller_id}}` or `{{ oa_key }}`. */
function isTemplate(text: string): boolean {
  return /\{\{.*\}\}/s.test(text) || /^\{\{|\}\}$/.test(text.trim());
}

/**
 * The canonical form of an outage key, so "North Zone 3", "north zone 3" and "North-Zone-3" are
 * the same outage: Unicode-normalised, lowercase, every run of characters other than letters and
 * digits (spaces, underscores, hyphens, punctuation) becomes one "-", none at either end. Keys
 * longer than 128 characters keep a prefix and end in a hash of the whole, so they are never
 * refused and distinct long keys stay distinct. Returns `undefined` for a placeholder that means
 * "no outage" ("none", "N/A", "null", "unknown", "-", blank, an unfilled `{{…}}` template).
 */
export function canonicalOutageKey(sent: string): string | undefined {
  if (isTemplate(sent)) return undefined;
  const canonical = sent
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  if (PLACEHOLDERS.has(canonical)) return undefined;
  if (canonical.length <= OUTAGE_KEY_MAX) return canonical;
  const hash = digest("sha256", canonical, "hex").slice(0, 16);
  const prefix = canonical.slice(0, OUTAGE_KEY_MAX - hash.length - 1).replace(/-+$/, "");
  return `${prefix}-${hash}`;
}

/**
 * True when a caller id is withheld or unusable as a number: "anonymous", "Restricted", "private",
 * "unknown" and the like (only when it has no digit), SIP's `anonymous@<host>`, or an unfilled template
 * such as `{{system__caller_id}}`.
 */
export function isWithheldCallerId(sent: string): boolean {
  if (isTemplate(sent) || /(^|[^a-z])anonymous([^a-z]|$)/i.test(sent)) return true;
  if (/\d/.test(sent)) return false;
  return WITHHELD_CALLER_IDS.has(sent.toLowerCase().replace(/[^a-z]/g, ""));
}

function isPlaceholderConfidence(sent: string): boolean {
  return isTemplate(sent) || canonicalOutageKey(sent) === undefined;
}

/**
 * The one place that reads what the voice agent's LLM (or a template) filled in, for HTTP and MCP
 * alike: placeholder outage keys mean no outage key and real ones take their canonical form;
 * withheld caller ids mean no caller number; a placeholder confidence means none was given. The
 * raw values are returned in `asSent` so the ticket can show them. Blank values are already
 * absent here (the input schema drops them).
 */
export function normalizeAgentValues(values: {
  callerNumber?: string | undefined;
  oaKey?: string | undefined;
  confidence?: number | string | undefined;
}): AgentValues {
  const asSent: AsSent = {};
  const out: AgentValues = { asSent };
  if (values.callerNumber !== undefined) {
    if (isWithheldCallerId(values.callerNumber)) asSent.callerNumber = values.callerNumber;
    else out.callerNumber = values.callerNumber;
  }
  if (values.oaKey !== undefined) {
    const key = canonicalOutageKey(values.oaKey);
    if (key !== undefined) out.oaKey = key;
    if (key !== values.oaKey) asSent.oaKey = values.oaKey;
  }
  if (typeof values.confidence === "string" && isPlaceholderConfidence(values.confidence)) {
    asSent.confidence = values.confidence;
  } else if (values.confidence !== undefined) {
    out.confidence = values.confidence;
  }
  return out;
}
