import type { Catalog, LookupRef } from "../catalog.ts";
import { knownName } from "../catalog-names.ts";
import { invalidValue, missingFields } from "../desk-errors.ts";
import { resolveTechnician } from "../desk-patch.ts";
import type { PersonRecord } from "../records.ts";
import type { ItsmState } from "../state/itsm-state.ts";
import type { ModuleNotes } from "./module-notes.ts";
import { moduleIdOf, moduleNotFound } from "./module-records.ts";

/** The change lookups the mock's portal knows (SDP's default lists, abridged). */
export const CHANGE_LISTS = {
  status: [
    "Requested",
    "Planning",
    "Awaiting Approval",
    "Scheduled",
    "In Progress",
    "Completed",
    "Closed",
    "Canceled",
  ],
  stage: ["Submission", "Planning", "Approval", "Implementation", "Review", "Close"],
  change_type: ["Minor", "Standard", "Major", "Emergency"],
  risk: ["Low", "Medium", "High", "Very High"],
} as const;
type ChangeList = keyof typeof CHANGE_LISTS;

/** What a change create may set. */
export interface ChangePatch {
  title?: string;
  /** HTML. */
  description?: string;
  status?: string;
  stage?: string;
  changeType?: string;
  risk?: string;
  priority?: LookupRef;
  site?: LookupRef;
  group?: LookupRef;
  changeManager?: LookupRef;
  changeOwner?: LookupRef;
  reasonForChange?: string;
  /** The scheduled (maintenance) window, epoch ms; end after start. */
  scheduledStart?: number;
  scheduledEnd?: number;
  rollOutPlan?: string;
  backOutPlan?: string;
}

/** A change as the mock keeps it. */
export interface ChangeRecord {
  id: string;
  displayId: string;
  title: string;
  description: string;
  status: string;
  stage: string;
  changeType?: string;
  risk?: string;
  priority?: string;
  site?: string;
  group?: string;
  changeManager?: PersonRecord;
  changeOwner?: PersonRecord;
  reasonForChange?: string;
  scheduledStart?: number;
  scheduledEnd?: number;
  rollOutPlan?: string;
  backOutPlan?: string;
  createdAt: number;
  updatedAt: number;
}

/** Changes (reference §7): create (title mandatory), list, get and notes. */
export interface ChangeDesk {
  create(patch: ChangePatch): ChangeRecord;
  get(id: string): ChangeRecord | undefined;
  /** Every change, newest first. */
  list(): ChangeRecord[];
  readonly notes: ModuleNotes;
}

/** Creates the change desk. */
export function createChangeDesk(deps: {
  catalog: Catalog;
  now: () => number;
  notes: ModuleNotes;
  /** Where the changes live (memory, or the mock's SQLite file shared by processes). */
  state: ItsmState;
}): ChangeDesk {
  const { catalog, now, state } = deps;
  const listed = (list: ChangeList, value: string | undefined) => {
    if (value === undefined) return undefined;
    const hit = CHANGE_LISTS[list].find((v) => v.toLowerCase() === value.trim().toLowerCase());
    if (!hit) throw invalidValue(list);
    return hit;
  };
  return {
    notes: deps.notes,
    create(patch) {
      if (!patch.title?.trim()) throw missingFields(["title"]);
      const { scheduledStart: start, scheduledEnd: end } = patch;
      // SDP 4016 "time mismatch" is a 4001-style refusal here: the window must run forwards.
      if (start !== undefined && end !== undefined && end <= start) throw invalidValue("scheduled_end_time");
      const seq = state.nextSeq("change");
      const time = now();
      const record: ChangeRecord = {
        id: moduleIdOf("change", seq),
        displayId: String(seq),
        title: patch.title,
        description: patch.description ?? "",
        status: listed("status", patch.status) ?? "Requested",
        stage: listed("stage", patch.stage) ?? "Submission",
        createdAt: time,
        updatedAt: time,
      };
      const optional = {
        changeType: listed("change_type", patch.changeType),
        risk: listed("risk", patch.risk),
        priority: knownName(catalog, "priorities", "priority", patch.priority),
        site: knownName(catalog, "sites", "site", patch.site),
        group: knownName(catalog, "groups", "group", patch.group),
        changeManager: patch.changeManager && resolveTechnician(catalog, patch.changeManager),
        changeOwner: patch.changeOwner && resolveTechnician(catalog, patch.changeOwner),
        reasonForChange: patch.reasonForChange,
        scheduledStart: start,
        scheduledEnd: end,
        rollOutPlan: patch.rollOutPlan,
        backOutPlan: patch.backOutPlan,
      };
      for (const [key, value] of Object.entries(optional)) {
        if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
      }
      state.put("change", record.id, seq, record);
      return record;
    },
    get: (id) => state.get<ChangeRecord>("change", id),
    list: () => state.list<ChangeRecord>("change").reverse(),
  };
}

/** The change, or 4007. */
export function changeOrThrow(desk: ChangeDesk, id: string): ChangeRecord {
  const record = desk.get(id);
  if (!record) throw moduleNotFound("change", id);
  return record;
}
