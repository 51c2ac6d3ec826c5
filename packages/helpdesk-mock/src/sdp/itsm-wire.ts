import type { Catalog, CatalogKind } from "../catalog.ts";
import type { ChangeRecord } from "../itsm/change-desk.ts";
import type { AssetRecord, ProjectRecord, SolutionRecord } from "../itsm/library-records.ts";
import type { ModuleNote } from "../itsm/module-records.ts";
import type { ProblemRecord } from "../itsm/problem-desk.ts";
import type { Json } from "./input-data.ts";
import { dateTime, entryWire, personWire } from "./wire.ts";

/**
 * Problems, changes, solutions, assets and projects as SDP v3 wire objects, in the conventions of
 * requests (reference §2.3): lookups `{name, id}`, people as user objects, `{value, display_value}`
 * datetimes. Field names follow the ANSIBLE module configs (§7) where they exist, else are [I].
 */

const lookup = (catalog: Catalog, kind: CatalogKind, name: string | undefined): Json | null => {
  if (name === undefined) return null;
  const entry = catalog.find(kind, { name });
  return entry ? entryWire(entry) : { name, id: null };
};
/** A value from a fixed list, with a stable made-up id. */
const named = (name: string | undefined): Json | null =>
  name === undefined ? null : { name, id: String(123640000009000000n + BigInt(hash(name))) };
const hash = (text: string) => [...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 999_983, 7);
/** A grouped text field, e.g. `roll_out_plan: {description}` (ANSIBLE's grouped fields). */
const grouped = (value: string | undefined) => ({ description: value ?? null });

/** A problem (ANSIBLE `conf/problem.py` keys). */
export function problemWire(p: ProblemRecord, catalog: Catalog): Json {
  return {
    id: p.id,
    display_id: p.displayId,
    title: p.title,
    description: p.description,
    status: lookup(catalog, "statuses", p.status),
    priority: lookup(catalog, "priorities", p.priority),
    impact: lookup(catalog, "impacts", p.impact),
    urgency: lookup(catalog, "urgencies", p.urgency),
    category: lookup(catalog, "categories", p.category),
    group: lookup(catalog, "groups", p.group),
    technician: personWire(p.technician, true),
    root_cause: grouped(p.rootCause),
    symptoms: grouped(p.symptoms),
    impact_details: grouped(p.impactDetails),
    is_known_error: p.knownError,
    known_error_comments: null,
    created_time: dateTime(p.createdAt),
    last_updated_time: dateTime(p.updatedAt),
    closed_time: dateTime(p.closedAt),
    closure_info: p.closure
      ? {
          closure_code: lookup(catalog, "closure_codes", p.closure.code),
          closure_comments: p.closure.comments ?? null,
        }
      : null,
    has_requests: p.requestIds.length > 0,
  };
}

/** A change, with its scheduled window (ANSIBLE `conf/change.py` keys, `scheduled_*_time`). */
export function changeWire(c: ChangeRecord, catalog: Catalog): Json {
  return {
    id: c.id,
    display_id: c.displayId,
    title: c.title,
    description: c.description,
    status: named(c.status),
    stage: named(c.stage),
    change_type: named(c.changeType),
    risk: named(c.risk),
    priority: lookup(catalog, "priorities", c.priority),
    site: lookup(catalog, "sites", c.site),
    group: lookup(catalog, "groups", c.group),
    change_manager: personWire(c.changeManager, true),
    change_owner: personWire(c.changeOwner, true),
    reason_for_change: named(c.reasonForChange),
    scheduled_start_time: dateTime(c.scheduledStart),
    scheduled_end_time: dateTime(c.scheduledEnd),
    roll_out_plan: grouped(c.rollOutPlan),
    back_out_plan: grouped(c.backOutPlan),
    created_time: dateTime(c.createdAt),
    last_updated_time: dateTime(c.updatedAt),
  };
}

/** A solution. */
export function solutionWire(s: SolutionRecord): Json {
  return {
    id: s.id,
    display_id: s.displayId,
    title: s.title,
    description: s.description,
    topic: named(s.topic),
    keywords: s.keywords.join(", "),
    is_public: s.isPublic,
    created_time: dateTime(s.createdAt),
    last_updated_time: dateTime(s.updatedAt),
  };
}

/** An asset. */
export function assetWire(a: AssetRecord, catalog: Catalog): Json {
  return {
    id: a.id,
    name: a.name,
    product: named(a.product),
    product_type: named(a.productType),
    asset_tag: a.assetTag ?? null,
    serial_number: a.serialNumber ?? null,
    state: named(a.state),
    user: personWire(a.user, false),
    site: lookup(catalog, "sites", a.site),
    location: a.location ?? null,
    ip_address: a.ipAddress ?? null,
    mac_address: a.macAddress ?? null,
    created_time: dateTime(a.createdAt),
  };
}

/** A project. */
export function projectWire(p: ProjectRecord, catalog: Catalog): Json {
  return {
    id: p.id,
    display_id: p.displayId,
    title: p.title,
    description: p.description,
    status: named(p.status),
    priority: lookup(catalog, "priorities", p.priority),
    owner: personWire(p.owner, true),
    project_type: named(p.projectType),
    scheduled_start_time: dateTime(p.scheduledStart),
    scheduled_end_time: dateTime(p.scheduledEnd),
    percentage_completion: String(p.percentageCompletion),
    created_time: dateTime(p.createdAt),
  };
}

/** A problem or change note. */
export function moduleNoteWire(n: ModuleNote, parentKey: "problem" | "change", parentId: string): Json {
  return {
    id: n.id,
    description: n.description,
    show_to_requester: n.showToRequester,
    created_time: dateTime(n.createdAt),
    created_by: { name: n.author, id: null },
    [parentKey]: { id: parentId },
  };
}
