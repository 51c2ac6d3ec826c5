import type { Catalog } from "../catalog.ts";
import { missingFields } from "../desk-errors.ts";
import { type ItsmModule, type ModuleNote, moduleNotFound } from "./module-records.ts";

/** Notes of one module's records, kept per record id, oldest first. */
export interface ModuleNotes {
  add(recordId: string, note: { description: string; showToRequester?: boolean }): ModuleNote;
  list(recordId: string): ModuleNote[];
}

/** Note storage for a module; note ids are shared across modules so they never collide. */
export function createModuleNotes(deps: {
  catalog: Catalog;
  now: () => number;
  nextNoteSeq: () => number;
  /** The records' module, and whether a record exists (notes of unknown records are refused, 4007). */
  module: ItsmModule;
  exists: (recordId: string) => boolean;
}): ModuleNotes {
  const known = (recordId: string) => {
    if (!deps.exists(recordId)) throw moduleNotFound(deps.module, recordId);
  };
  const byRecord = new Map<string, ModuleNote[]>();
  return {
    add(recordId, note) {
      known(recordId);
      if (!note.description.trim()) throw missingFields(["description"]);
      const seq = deps.nextNoteSeq();
      const added: ModuleNote = {
        id: String(123640000008000031n + BigInt(seq) * 1000n),
        description: note.description,
        showToRequester: note.showToRequester ?? false,
        author: deps.catalog.currentUser().name,
        createdAt: deps.now(),
      };
      byRecord.set(recordId, [...(byRecord.get(recordId) ?? []), added]);
      return added;
    },
    list: (recordId) => {
      known(recordId);
      return [...(byRecord.get(recordId) ?? [])];
    },
  };
}
