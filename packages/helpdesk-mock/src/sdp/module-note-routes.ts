import type { Hono } from "hono";
import type { ModuleNotes } from "../itsm/module-notes.ts";
import { failed, list, single } from "./envelope.ts";
import { readInputData } from "./input-data.ts";
import { moduleNoteWire } from "./itsm-wire.ts";
import { applyListInfo } from "./list-info.ts";
import { entityOf } from "./parse-request.ts";
import { extraKey } from "./request-keys.ts";

const NOTE_KEYS = new Set(["description", "show_to_requester", "notify_technician", "mark_first_response"]);
const truthy = (value: unknown) => value === true || value === "true";

/**
 * Notes of problems or changes: `POST /{plural}/{id}/notes`, `GET /{plural}/{id}/notes` (list key
 * `notes`) and `GET /{plural}/{id}/notes/{note_id}`. [S]/[I] The write key is not documented for
 * cloud: on-prem clients send `{"note": {...}}`; `{"problem_note"|"change_note": {...}}`, by
 * analogy with `request_note`, is accepted too. Answers carry the note under `note`.
 */
export function registerModuleNoteRoutes(
  api: Hono,
  spec: {
    plural: "problems" | "changes";
    module: "problem" | "change";
    exists: (id: string) => boolean;
    notes: ModuleNotes;
  },
): void {
  const found = (id: string) => {
    if (!spec.exists(id)) throw failed(4007, "Invalid URL or resource not found");
    return id;
  };
  const base = `/${spec.plural}/:id/notes`;

  api.post(base, async (c) => {
    const id = found(c.req.param("id") ?? "");
    const input = await readInputData(c);
    const key = input.note !== undefined ? "note" : `${spec.module}_note`;
    for (const top of Object.keys(input)) if (top !== key) throw extraKey(top);
    const note = entityOf(input, key);
    for (const field of Object.keys(note)) if (!NOTE_KEYS.has(field)) throw extraKey(`${key}.${field}`);
    if (typeof note.description !== "string") {
      throw failed(4012, "Value for mandatory-field is not provided", { fields: ["description"] });
    }
    const added = spec.notes.add(id, {
      description: note.description,
      showToRequester: truthy(note.show_to_requester),
    });
    return single({ note: moduleNoteWire(added, spec.module, id) });
  });

  api.get(base, async (c) => {
    const id = found(c.req.param("id") ?? "");
    const all = spec.notes.list(id).map((n) => moduleNoteWire(n, spec.module, id));
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "created_time", order: "asc" },
    });
    return list("notes", rows, listInfo);
  });

  api.get(`${base}/:noteId`, (c) => {
    const id = found(c.req.param("id") ?? "");
    const note = spec.notes.list(id).find((n) => n.id === c.req.param("noteId"));
    if (!note) throw failed(4007, "Invalid URL or resource not found");
    return single({ note: moduleNoteWire(note, spec.module, id) });
  });
}
