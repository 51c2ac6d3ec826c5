import type { Catalog, LookupRef } from "../catalog.ts";
import { knownName } from "../catalog-names.ts";
import type { Desk } from "../desk.ts";
import { invalidValue, missingFields, notFound } from "../desk-errors.ts";
import { resolveTechnician } from "../desk-patch.ts";
import type { PersonRecord } from "../records.ts";
import type { ItsmState } from "../state/itsm-state.ts";
import type { ModuleNotes } from "./module-notes.ts";
import { moduleIdOf, moduleNotFound } from "./module-records.ts";

/** What a problem write may set; lookups by id or name, checked against the portal's lists. */
export interface ProblemPatch {
  title?: string;
  /** HTML. */
  description?: string;
  status?: LookupRef;
  priority?: LookupRef;
  impact?: LookupRef;
  urgency?: LookupRef;
  category?: LookupRef;
  group?: LookupRef;
  technician?: LookupRef;
  rootCause?: string;
  symptoms?: string;
  impactDetails?: string;
  knownError?: boolean;
}

/** A problem as the mock keeps it. */
export interface ProblemRecord {
  id: string;
  displayId: string;
  title: string;
  description: string;
  status: string;
  priority?: string;
  impact?: string;
  urgency?: string;
  category?: string;
  group?: string;
  technician?: PersonRecord;
  rootCause?: string;
  symptoms?: string;
  impactDetails?: string;
  knownError: boolean;
  createdAt: number;
  updatedAt: number;
  closedAt?: number;
  closure?: { code?: string; comments?: string };
  /** Ids of the requests linked to the problem, in link order. */
  requestIds: string[];
}

/** Problems (reference §7): create needs `title`; close; notes; requests linked to a problem. */
export interface ProblemDesk {
  create(patch: ProblemPatch): ProblemRecord;
  get(id: string): ProblemRecord | undefined;
  /** Every problem, newest first. */
  list(): ProblemRecord[];
  update(id: string, patch: ProblemPatch): ProblemRecord;
  /** Closes the problem; an unknown closure code is refused (4001). */
  close(id: string, input?: { code?: LookupRef; comments?: string }): ProblemRecord;
  readonly notes: ModuleNotes;
  /** Links requests to the problem; an unknown request is refused (4007) and nothing is linked. */
  linkRequests(id: string, requestIds: readonly string[]): ProblemRecord;
  /** Unlinks requests; ids that are not linked are ignored, unknown requests refused (4007). */
  unlinkRequests(id: string, requestIds: readonly string[]): ProblemRecord;
  /** The problem a request is linked to, if any. */
  problemOfRequest(requestId: string): ProblemRecord | undefined;
}

const ENDED = new Set(["Closed", "Resolved"]);

/** Creates the problem desk. */
export function createProblemDesk(deps: {
  catalog: Catalog;
  requests: Desk;
  now: () => number;
  notes: ModuleNotes;
  /** Where the problems live (memory, or the mock's SQLite file shared by processes). */
  state: ItsmState;
}): ProblemDesk {
  const { catalog, now, state } = deps;
  const all = () => state.list<ProblemRecord>("problem");

  const apply = (record: ProblemRecord, patch: ProblemPatch): ProblemRecord => {
    const next: ProblemRecord = { ...record, requestIds: [...record.requestIds] };
    if (patch.title !== undefined) {
      if (!patch.title.trim()) throw missingFields(["title"]);
      next.title = patch.title;
    }
    if (patch.description !== undefined) next.description = patch.description;
    const lookups = [
      ["status", "statuses"],
      ["priority", "priorities"],
      ["impact", "impacts"],
      ["urgency", "urgencies"],
      ["category", "categories"],
      ["group", "groups"],
    ] as const;
    for (const [field, kind] of lookups) {
      const value = knownName(catalog, kind, field, patch[field]);
      if (value !== undefined) next[field] = value;
    }
    if (patch.technician) next.technician = resolveTechnician(catalog, patch.technician);
    for (const key of ["rootCause", "symptoms", "impactDetails"] as const) {
      if (patch[key] !== undefined) next[key] = patch[key];
    }
    if (patch.knownError !== undefined) next.knownError = patch.knownError;
    if (ENDED.has(next.status) && !ENDED.has(record.status)) next.closedAt = now();
    if (!ENDED.has(next.status)) delete next.closedAt;
    next.updatedAt = now();
    return next;
  };
  const found = (id: string) => {
    const record = state.get<ProblemRecord>("problem", id);
    if (!record) throw moduleNotFound("problem", id);
    return record;
  };
  const save = (record: ProblemRecord) => {
    state.put("problem", record.id, Number(record.displayId), record);
    return record;
  };
  const requireRequests = (ids: readonly string[]) => {
    for (const id of ids) if (!deps.requests.get(id)) throw notFound(id);
  };

  const desk: ProblemDesk = {
    notes: deps.notes,
    create(patch) {
      if (!patch.title?.trim()) throw missingFields(["title"]);
      const seq = state.nextSeq("problem");
      const time = now();
      const base: ProblemRecord = {
        id: moduleIdOf("problem", seq),
        displayId: String(seq),
        title: patch.title,
        description: "",
        status: "Open",
        knownError: false,
        createdAt: time,
        updatedAt: time,
        requestIds: [],
      };
      return save(apply(base, patch));
    },
    get: (id) => state.get<ProblemRecord>("problem", id),
    list: () => all().reverse(),
    update: (id, patch) => state.atomically(() => save(apply(found(id), patch))),
    close: (id, input = {}) =>
      state.atomically(() => {
        const current = found(id);
        const code = input.code === undefined ? undefined : catalog.find("closure_codes", input.code);
        if (input.code !== undefined && !code) throw invalidValue("closure_code");
        const closed = apply(current, { status: { name: "Closed" } });
        closed.closure = {
          ...(code ? { code: code.name } : {}),
          ...(input.comments === undefined ? {} : { comments: input.comments }),
        };
        return save(closed);
      }),
    linkRequests: (id, requestIds) =>
      state.atomically(() => {
        const current = found(id);
        requireRequests(requestIds);
        // A request belongs to one problem: linking it here moves it from any other.
        for (const other of all()) {
          if (other.id !== id && other.requestIds.some((r) => requestIds.includes(r))) {
            save({ ...other, requestIds: other.requestIds.filter((r) => !requestIds.includes(r)) });
          }
        }
        const added = requestIds.filter((r) => !current.requestIds.includes(r));
        return save({ ...current, requestIds: [...current.requestIds, ...added], updatedAt: now() });
      }),
    unlinkRequests: (id, requestIds) =>
      state.atomically(() => {
        const current = found(id);
        requireRequests(requestIds);
        return save({
          ...current,
          requestIds: current.requestIds.filter((r) => !requestIds.includes(r)),
          updatedAt: now(),
        });
      }),
    problemOfRequest: (requestId) => all().find((p) => p.requestIds.includes(requestId)),
  };
  return desk;
}
