import type { Catalog, CatalogEntry, CatalogKind, LookupRef } from "./catalog.ts";
import { forbidden, invalidValue } from "./desk-errors.ts";
import type { PersonRecord, TicketRecord } from "./records.ts";

/** Lookup fields of a ticket, by record key, with their catalogue list and SDP wire name. */
export const LOOKUPS = {
  status: { kind: "statuses", wire: "status" },
  priority: { kind: "priorities", wire: "priority" },
  category: { kind: "categories", wire: "category" },
  subcategory: { kind: "subcategories", wire: "subcategory" },
  mode: { kind: "modes", wire: "mode" },
  template: { kind: "templates", wire: "template" },
  group: { kind: "groups", wire: "group" },
  site: { kind: "sites", wire: "site" },
  urgency: { kind: "urgencies", wire: "urgency" },
  impact: { kind: "impacts", wire: "impact" },
  requestType: { kind: "request_types", wire: "request_type" },
  level: { kind: "levels", wire: "level" },
} as const satisfies Record<string, { kind: CatalogKind; wire: string }>;

export type LookupKey = keyof typeof LOOKUPS;
export const LOOKUP_KEYS = Object.keys(LOOKUPS) as LookupKey[];

/** A change to a ticket, with lookups named by id or name (`null` clears a value). */
export type RecordPatch = {
  subject?: string;
  description?: string;
  technician?: LookupRef | null;
  requester?: PersonRecord;
  resolution?: string;
  /** SDP `udf_fields`; `null` removes a field. */
  fields?: Record<string, string | null>;
} & { [K in LookupKey]?: LookupRef | null };

/** What a patch needs to resolve its lookups. */
export interface PatchContext {
  catalog: Catalog;
  now: () => number;
  /** The portal derives priority from a matrix and refuses a given one (SDP 4002). */
  priorityFromMatrix: boolean;
}

/** A catalogue person as stored on a ticket. */
export function personOf(entry: CatalogEntry): PersonRecord {
  const out: PersonRecord = { id: entry.id, name: entry.name };
  if (entry.detail !== undefined) out.email = entry.detail;
  if (typeof entry.wire.phone === "string") out.phone = entry.wire.phone;
  if (typeof entry.wire.mobile === "string") out.mobile = entry.wire.mobile;
  return out;
}

/** Resolves a technician by id, email or name; throws 4001 when the portal has no such technician. */
export function resolveTechnician(catalog: Catalog, ref: LookupRef): PersonRecord {
  const entry = catalog.find("technicians", ref);
  if (!entry) throw invalidValue("technician");
  return personOf(entry);
}

/** A known requester (by id, email or name) or, like SDP, a new one from the given details. */
function resolveRequester(catalog: Catalog, given: PersonRecord): PersonRecord {
  if (given.id !== undefined) {
    const entry = catalog.find("requesters", { id: given.id });
    if (!entry) throw invalidValue("requester");
    return personOf(entry);
  }
  const known =
    given.email !== undefined
      ? catalog.find("requesters", { email: given.email })
      : catalog.find("requesters", { name: given.name ?? "" });
  if (known) return personOf(known);
  if (given.name === undefined && given.email === undefined) throw invalidValue("requester");
  return { ...given };
}

/** Applies `patch` to `record`, resolving every lookup to its canonical name; throws on refusal. */
export function applyPatch(record: TicketRecord, patch: RecordPatch, ctx: PatchContext): TicketRecord {
  const next: TicketRecord = { ...record, fields: { ...record.fields } };
  if (patch.subject !== undefined) {
    if (patch.subject.length > 250) throw invalidValue("subject");
    next.subject = patch.subject;
  }
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.priority !== undefined && ctx.priorityFromMatrix) {
    throw forbidden("priority", "Cannot give value for priority");
  }
  for (const key of LOOKUP_KEYS) {
    const ref = patch[key];
    if (ref === undefined) continue;
    if (ref === null) {
      if (key === "status") throw invalidValue("status");
      delete next[key];
      continue;
    }
    const parent = key === "subcategory" ? { parent: lookupName(ctx, "category", patch, next) ?? "" } : {};
    const entry = ctx.catalog.find(LOOKUPS[key].kind, { ...ref, ...parent });
    if (!entry) throw invalidValue(LOOKUPS[key].wire);
    next[key] = entry.name;
  }
  if (patch.category !== undefined && patch.subcategory === undefined && next.subcategory !== undefined) {
    const stillValid = ctx.catalog.find("subcategories", {
      name: next.subcategory,
      parent: next.category ?? "",
    });
    if (!stillValid) delete next.subcategory;
  }
  if (patch.technician !== undefined) {
    if (patch.technician === null) delete next.technician;
    else {
      next.technician = resolveTechnician(ctx.catalog, patch.technician);
      next.assignedAt = ctx.now();
    }
  }
  if (patch.requester !== undefined) next.requester = resolveRequester(ctx.catalog, patch.requester);
  if (patch.resolution !== undefined) {
    next.resolution = patch.resolution;
    next.resolutionAt = ctx.now();
  }
  for (const [key, value] of Object.entries(patch.fields ?? {})) {
    if (value === null) delete next.fields[key];
    else next.fields[key] = value;
  }
  return next;
}

/** The category a subcategory must belong to: the one being set, else the ticket's. */
function lookupName(ctx: PatchContext, key: "category", patch: RecordPatch, record: TicketRecord) {
  const ref = patch[key];
  if (ref) return ctx.catalog.find(LOOKUPS[key].kind, ref)?.name;
  return record[key];
}
