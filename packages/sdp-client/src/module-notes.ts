import { readEntity, segment } from "./entity.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import type { AddNoteInput } from "./notes.ts";
import type { CallOptions } from "./requests.ts";
import type { Transport } from "./transport.ts";
import { type WireNote, wireNote } from "./wire-schemas.ts";

/** Notes of a problem or change (reference §7: notes sub-resources [S]). */
export interface ModuleNotesApi {
  add(id: string, note: AddNoteInput, options?: CallOptions): Promise<WireNote>;
  /** One page of notes, oldest first; items with only a `content_url` are fetched one by one. */
  list(id: string, options?: ListOptions): Promise<ListPage<WireNote>>;
}

/**
 * Notes under `/{plural}/{id}/notes`. [S]/[I] The write key is undocumented for cloud: on-prem
 * clients send `{"note": {...}}` (chrisalibby, live), so that is sent. Answers are read under
 * `note` or `{module}_note`, and lists under `notes` or `{module}_notes`.
 */
export function createModuleNotesApi(transport: Transport, plural: "problems" | "changes"): ModuleNotesApi {
  const module = plural === "problems" ? "problem" : "change";
  const single = ["note", `${module}_note`] as const;
  const get = async (id: string, noteId: string, options?: CallOptions) => {
    const path = `/${plural}/${segment(id)}/notes/${segment(noteId)}`;
    const { body } = await transport.send({
      method: "GET",
      path,
      ...(options?.signal ? { signal: options.signal } : {}),
    });
    return readEntity(body, single, wireNote, `GET ${path}`);
  };
  return {
    async add(id, note, options) {
      const path = `/${plural}/${segment(id)}/notes`;
      const { body } = await transport.send({
        method: "POST",
        path,
        inputData: {
          note: { description: note.description, show_to_requester: note.showToRequester ?? false },
        },
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, single, wireNote, `POST ${path}`);
    },
    async list(id, options) {
      const path = `/${plural}/${segment(id)}/notes`;
      const page = await fetchPage(transport, path, ["notes", `${module}_notes`], wireNote, options);
      const signal = options?.signal ? { signal: options.signal } : {};
      const items = await Promise.all(
        page.items.map((n) => (n.description == null && n.content_url ? get(id, n.id, signal) : n)),
      );
      return { ...page, items };
    },
  };
}
