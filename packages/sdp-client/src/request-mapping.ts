import type { CreateTicketInput, HandoffContext, Person } from "@ispn/core";
import type { LookupRef, SdpRequestInput, UserRef } from "./requests.ts";

/** How a ticket (and a voice-agent handoff) becomes an SDP request. Every key has an env variable. */
export interface RequestMapping {
  /** SDP mode of handoff tickets (`SDP_MODE`, default "Phone Call"). */
  mode: string | undefined;
  /**
   * Handoff category → SDP category (`SDP_CATEGORY_MAP`). A value `Category>Subcategory` also
   * sets the subcategory. Unmapped categories are sent as they are.
   */
  categoryMap: Record<string, string>;
  /** Escalation reason or category (reason first) → SDP priority (`SDP_PRIORITY_MAP`); key `*` is the default. */
  priorityMap: Record<string, string>;
  /** Requester when no requester matches the caller (`SDP_DEFAULT_REQUESTER_EMAIL`). */
  defaultRequesterEmail: string | undefined;
  /** Look the requester up by the caller's phone/mobile (`SDP_MATCH_REQUESTER_BY_PHONE`, default true). */
  matchRequesterByPhone: boolean;
  /** Request template name (`SDP_TEMPLATE`). */
  template: string | undefined;
  /** UDF key for the caller number, e.g. `udf_sline_1` (`SDP_UDF_CALLER`). */
  udfCaller: string | undefined;
  /** UDF key for the outage key (`SDP_UDF_OUTAGE_KEY`). */
  udfOutageKey: string | undefined;
  /** UDF key holding the marker; makes `findTicketByMarker` an exact search (`SDP_UDF_MARKER`). */
  udfMarker: string | undefined;
}

/** The mapping used for every key not given: mode "Phone Call", phone matching on, no maps, UDFs or template. */
export const DEFAULT_REQUEST_MAPPING: RequestMapping = {
  mode: "Phone Call",
  categoryMap: {},
  priorityMap: {},
  defaultRequesterEmail: undefined,
  matchRequesterByPhone: true,
  template: undefined,
  udfCaller: undefined,
  udfOutageKey: undefined,
  udfMarker: undefined,
};

/** SDP's subject limit (reference §4.5). */
export const SUBJECT_MAX = 250;

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const looksLikeHtml = (text: string) => /<\/?[a-z][^>]*>/i.test(text);

/** Plain text as HTML (escaped, line breaks kept); HTML is left alone. */
export function toHtml(text: string): string {
  return looksLikeHtml(text) ? text : escapeHtml(text).replace(/\r?\n/g, "<br>");
}

/** The visible marker line `findTicketByMarker` looks for. */
export function markerLine(marker: string): string {
  return `Ref: ${marker}`;
}

/** True when `description` carries the marker line of exactly `marker` (not a longer marker). */
export function hasMarkerLine(description: string, marker: string): boolean {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const variants = [...new Set([marker, escapeHtml(marker)])].map(escaped).join("|");
  return new RegExp(`Ref: (?:${variants})(?=$|<|\\s)`).test(description);
}

/** `[<Category>] <summary>`, whitespace collapsed, cut to 250 characters with an ellipsis. */
export function handoffSubject(handoff: HandoffContext): string {
  const summary = (handoff.summary || handoff.note.split("\n")[0] || "").replace(/\s+/g, " ").trim();
  return truncate(`[${handoff.category}] ${summary}`.trim(), SUBJECT_MAX);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The HTML description of a handoff ticket: the note, then caller, source, outage key, conversation, marker. */
export function handoffDescription(handoff: HandoffContext, marker: string | undefined): string {
  const line = (label: string, value: string | number | undefined) =>
    value === undefined || value === "" ? "" : `<b>${label}:</b> ${escapeHtml(String(value))}<br>`;
  return [
    `<p>${escapeHtml(handoff.note).replace(/\r?\n/g, "<br>")}</p>`,
    "<p>",
    line("Caller", handoff.callerNumber ?? "unknown"),
    line("Source", handoff.source),
    line("Escalation reason", handoff.escalationReason),
    line("Confidence", handoff.confidence),
    line("Outage key", handoff.oaKey),
    line("Conversation", handoff.conversationId),
    "</p>",
    marker ? `<p>${escapeHtml(markerLine(marker))}</p>` : "",
  ].join("");
}

const findKey = (map: Record<string, string>, key: string | undefined) => {
  if (!key) return undefined;
  const wanted = key.trim().toLowerCase();
  return Object.entries(map).find(([k]) => k.trim().toLowerCase() === wanted)?.[1];
};

/** The SDP category (and subcategory) of a handoff category. */
export function mapCategory(
  mapping: RequestMapping,
  category: string,
): { category: string; subcategory?: string } {
  const mapped = findKey(mapping.categoryMap, category) ?? category;
  const [main, sub] = mapped.split(">").map((s) => s.trim());
  return sub ? { category: main ?? mapped, subcategory: sub } : { category: main ?? mapped };
}

/** The SDP priority of a handoff: by escalation reason, else category, else `*`. */
export function mapPriority(mapping: RequestMapping, handoff: HandoffContext): string | undefined {
  return (
    findKey(mapping.priorityMap, handoff.escalationReason) ??
    findKey(mapping.priorityMap, handoff.category) ??
    findKey(mapping.priorityMap, "*")
  );
}

/** A core person as an SDP user reference (email preferred, as SDP recommends). */
export function toUserRef(person: Person): UserRef | undefined {
  if (person.email) return { email_id: person.email };
  if (person.id) return { id: person.id };
  if (person.name) return { name: person.name };
  return undefined;
}

const byName = (name: string | undefined): LookupRef | undefined => (name ? { name } : undefined);

/**
 * The SDP `request` for a create. With `input.handoff`, subject, description, mode, category,
 * priority, template and UDFs come from the mapping (explicit input fields still win); otherwise the
 * given subject/description are used and the marker line is appended to the description.
 */
export function buildCreateRequest(
  input: CreateTicketInput,
  mapping: RequestMapping,
  marker: string | undefined,
  requester: UserRef | undefined,
): SdpRequestInput {
  const h = input.handoff;
  const mapped = h ? mapCategory(mapping, h.category) : undefined;
  const description = h
    ? handoffDescription(h, marker)
    : `${toHtml(input.description)}${marker ? `<p>${escapeHtml(markerLine(marker))}</p>` : ""}`;
  const udf: Record<string, string> = { ...(input.fields ?? {}) };
  if (h?.callerNumber && mapping.udfCaller) udf[mapping.udfCaller] = h.callerNumber;
  if (h?.oaKey && mapping.udfOutageKey) udf[mapping.udfOutageKey] = h.oaKey;
  if (marker && mapping.udfMarker) udf[mapping.udfMarker] = marker;
  const technician = input.technician ? toUserRef(input.technician) : undefined;
  const fields: Record<string, unknown> = {
    subject: h ? handoffSubject(h) : truncate(input.subject, SUBJECT_MAX),
    description,
    requester,
    technician,
    mode: byName(input.mode ?? (h ? mapping.mode : undefined)),
    category: byName(input.category ?? mapped?.category),
    subcategory: byName(input.subcategory ?? mapped?.subcategory),
    priority: byName(input.priority ?? (h ? mapPriority(mapping, h) : undefined)),
    status: byName(input.status),
    template: byName(input.template ?? (h ? mapping.template : undefined)),
    group: byName(input.group),
    udf_fields: Object.keys(udf).length > 0 ? udf : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SdpRequestInput;
}
