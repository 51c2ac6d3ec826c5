import type { ItsmState } from "../state/itsm-state.ts";
import { moduleIdOf, moduleNotFound } from "./module-records.ts";

/** Records of a read-mostly module (solutions, assets, projects): add (seed), get, list. */
export interface RecordShelf<T extends { id: string }> {
  /** Stores the record `build` makes from its new id and display id. */
  add(build: (ids: { id: string; displayId: string }) => T): T;
  get(id: string): T | undefined;
  /** The record, or SDP 4007. */
  found(id: string): T;
  /** Every record, oldest first. */
  list(): T[];
}

/** A shelf for one module, over the mock's module state. */
export function createRecordShelf<T extends { id: string }>(
  module: "solution" | "asset" | "project",
  state: ItsmState,
): RecordShelf<T> {
  return {
    add(build) {
      const seq = state.nextSeq(module);
      const record = build({ id: moduleIdOf(module, seq), displayId: String(seq) });
      state.put(module, record.id, seq, record);
      return record;
    },
    get: (id) => state.get<T>(module, id),
    found(id) {
      const record = state.get<T>(module, id);
      if (!record) throw moduleNotFound(module, id);
      return record;
    },
    list: () => state.list<T>(module),
  };
}
