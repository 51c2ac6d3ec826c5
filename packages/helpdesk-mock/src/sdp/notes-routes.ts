import type { Hono } from "hono";
import type { Desk } from "../desk.ts";
import { failed, list, single } from "./envelope.ts";
import { readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";
import { entityOf } from "./parse-request.ts";
import { noteWire } from "./wire.ts";

const truthy = (value: unknown) => value === true || value === "true";

/**
 * Request notes (reference §4.6): `POST /requests/{id}/notes` with `{"request_note": {...}}`,
 * `GET /requests/{id}/notes` (list key `notes`, oldest first by default) and
 * `GET /requests/{id}/notes/{note_id}`.
 */
export function registerNoteRoutes(api: Hono, desk: Desk): void {
  const ticket = (id: string) => {
    const r = desk.get(id);
    if (!r) throw failed(4007, "Invalid URL or resource not found");
    return r;
  };

  api.post("/requests/:id/notes", async (c) => {
    const r = ticket(c.req.param("id"));
    const note = entityOf(await readInputData(c), "request_note");
    if (typeof note.description !== "string" || note.description.trim() === "") {
      throw failed(4012, "Value for mandatory-field is not provided", { fields: ["description"] });
    }
    const added = desk.addNote(r.id, { body: note.description, public: truthy(note.show_to_requester) });
    return single({ request_note: noteWire(added, r, desk.catalog) });
  });

  api.get("/requests/:id/notes", async (c) => {
    const r = ticket(c.req.param("id"));
    const input = await readInputData(c);
    const all = desk.notes(r.id).map((n) => noteWire(n, r, desk.catalog));
    const { rows, listInfo } = applyListInfo(all, input, {
      defaultSort: { field: "created_time", order: "asc" },
    });
    return list("notes", rows, listInfo);
  });

  api.get("/requests/:id/notes/:noteId", (c) => {
    const r = ticket(c.req.param("id"));
    const note = desk.notes(r.id).find((n) => n.id === c.req.param("noteId"));
    if (!note) throw failed(4007, "Invalid URL or resource not found");
    return single({ request_note: noteWire(note, r, desk.catalog) });
  });
}
