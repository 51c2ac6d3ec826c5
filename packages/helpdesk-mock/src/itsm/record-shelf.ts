import { type ItsmModule, moduleIdOf, moduleNotFound } from "./module-records.ts";

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

/** An in-memory shelf for one module. */
export function createRecordShelf<T extends { id: string }>(module: ItsmModule): RecordShelf<T> {
  const records = new Map<string, T>();
  let seq = 0;
  return {
    add(build) {
      seq += 1;
      const record = build({ id: moduleIdOf(module, seq), displayId: String(seq) });
      records.set(record.id, record);
      return record;
    },
    get: (id) => records.get(id),
    found(id) {
      const record = records.get(id);
      if (!record) throw moduleNotFound(module, id);
      return record;
    },
    list: () => [...records.values()],
  };
}
