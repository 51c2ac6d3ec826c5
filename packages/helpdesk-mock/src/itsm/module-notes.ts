import type { Catalog } from "../catalog.ts";
import { missingFields } from "../desk-errors.ts";
import type { ItsmState } from "../state/itsm-state.ts";
import { type ModuleNote, moduleNotFound } from "./module-records.ts";

/** Notes of one module's records, kept per record id, oldest first. */
export interface ModuleNotes {
  add(recordId: string, note: { description: string; showToRequester?: boolean }): ModuleNote;
  list(recordId: string): ModuleNote[];
}

/** Note storage for a module; note ids come from one sequence for both modules so they never collide. */
export function createModuleNotes(deps: {
  catalog: Catalog;
  now: () => number;
  state: ItsmState;
  /** The records' module, and whether a record exists (notes of unknown records are refused, 4007). */
  module: "problem" | "change";
  exists: (recordId: string) => boolean;
}): ModuleNotes {
  const { state } = deps;
  const kind = `${deps.module}_note` as const;
  const known = (recordId: string) => {
    if (!deps.exists(recordId)) throw moduleNotFound(deps.module, recordId);
  };
  return {
    add(recordId, note) {
      known(recordId);
      if (!note.description.trim()) throw missingFields(["description"]);
      // One sequence ("problem_note") numbers the notes of both modules, as before.
      const seq = state.nextSeq("problem_note");
      const added: ModuleNote = {
        id: String(123640000008000031n + BigInt(seq) * 1000n),
        description: note.description,
        showToRequester: note.showToRequester ?? false,
        author: deps.catalog.currentUser().name,
        createdAt: deps.now(),
      };
      state.put(kind, added.id, seq, added, recordId);
      return added;
    },
    list: (recordId) => {
      known(recordId);
      return state.list<ModuleNote>(kind, recordId);
    },
  };
}
