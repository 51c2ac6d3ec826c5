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
  /** Look the requester up by the caller's phone/mobile (`SDP_MATCH_REQUESTER_BY_PHONE`, default false: a new ticket is then one SDP call; when on, each caller number's match is cached). */
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

/** The mapping used for every key not given: mode "Phone Call", phone matching off, no maps, UDFs or template. */
export const DEFAULT_REQUEST_MAPPING: RequestMapping = {
  mode: "Phone Call",
  categoryMap: {},
  priorityMap: {},
  defaultRequesterEmail: undefined,
  matchRequesterByPhone: false,
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

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const findKey = (map: Record<string, string>, key: string | undefined) => {
  if (!key) return undefined;
  const wanted = key.trim().toLowerCase();
  return Object.entries(map).find(([k]) => k.trim().toLowerCase() === wanted)?.[1];
};

/**
 * The SDP category (and subcategory, from `Category>Subcategory`) the operator mapped a handoff
 * category to; `undefined` when `SDP_CATEGORY_MAP` has no entry for it.
 */
export function mappedCategory(
  mapping: RequestMapping,
  category: string,
): { category: string; subcategory?: string } | undefined {
  const mapped = findKey(mapping.categoryMap, category);
  if (mapped === undefined) return undefined;
  const [main, sub] = mapped.split(">").map((s) => s.trim());
  return sub ? { category: main || mapped, subcategory: sub } : { category: main || mapped };
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
 * The SDP `request` for a create. Core decides what the ticket says (subject, description, marker);
 * this only says it in SDP's terms: plain text becomes HTML and the marker line is added when the
 * description lacks it. With `input.handoff`, the operator's mapping decides category/subcategory
 * (`SDP_CATEGORY_MAP`), mode (`SDP_MODE`), priority (`SDP_PRIORITY_MAP`), template and UDFs, and
 * wins over any SDP field given on the input; input fields fill only what the mapping leaves open.
 */
export function buildCreateRequest(
  input: CreateTicketInput,
  mapping: RequestMapping,
  marker: string | undefined,
  requester: UserRef | undefined,
): SdpRequestInput {
  const h = input.handoff;
  const mapped = h ? mappedCategory(mapping, h.category) : undefined;
  const html = toHtml(input.description);
  const description =
    marker && !hasMarkerLine(html, marker) ? `${html}<p>${escapeHtml(markerLine(marker))}</p>` : html;
  const udf: Record<string, string> = { ...(input.fields ?? {}) };
  if (h?.callerNumber && mapping.udfCaller) udf[mapping.udfCaller] = h.callerNumber;
  if (h?.oaKey && mapping.udfOutageKey) udf[mapping.udfOutageKey] = h.oaKey;
  if (marker && mapping.udfMarker) udf[mapping.udfMarker] = marker;
  const technician = input.technician ? toUserRef(input.technician) : undefined;
  // A mapped category decides the subcategory too (an unrelated input subcategory would not fit it).
  const category = mapped ?? { category: input.category ?? h?.category, subcategory: input.subcategory };
  const fields: Record<string, unknown> = {
    subject: truncate(input.subject, SUBJECT_MAX),
    description,
    requester,
    technician,
    mode: byName((h ? mapping.mode : undefined) ?? input.mode),
    category: byName(category.category),
    subcategory: byName(category.subcategory),
    priority: byName((h ? mapPriority(mapping, h) : undefined) ?? input.priority),
    status: byName(input.status),
    template: byName((h ? mapping.template : undefined) ?? input.template),
    group: byName(input.group),
    udf_fields: Object.keys(udf).length > 0 ? udf : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SdpRequestInput;
}
