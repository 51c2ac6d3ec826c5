import { readEntity, segment } from "./entity.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import type { CallOptions } from "./requests.ts";
import type { Transport } from "./transport.ts";
import { type WireNote, wireNote } from "./wire-schemas.ts";

/** A note to add (reference §4.6). */
export interface AddNoteInput {
  /** HTML. */
  description: string;
  /** Public: the requester sees it and is e-mailed (default false). */
  showToRequester?: boolean;
  notifyTechnician?: boolean;
  markFirstResponse?: boolean;
  addToLinkedRequests?: boolean;
}

/** Request notes. */
export interface NotesApi {
  add(requestId: string, note: AddNoteInput, options?: CallOptions): Promise<WireNote>;
  /**
   * One page of notes. [C] The list key is `notes` or `request_notes`; both are read. Items that
   * carry only a `content_url` are fetched one by one so every returned note has its text.
   */
  list(requestId: string, options?: ListOptions): Promise<ListPage<WireNote>>;
  get(requestId: string, noteId: string, options?: CallOptions): Promise<WireNote>;
}

const NOTE_KEYS = ["request_note", "note"] as const;

/** The notes module over a transport. */
export function createNotesApi(transport: Transport): NotesApi {
  const api: NotesApi = {
    async add(requestId, note, options) {
      const path = `/requests/${segment(requestId)}/notes`;
      const { body } = await transport.send({
        method: "POST",
        path,
        inputData: {
          request_note: {
            description: note.description,
            show_to_requester: note.showToRequester ?? false,
            notify_technician: note.notifyTechnician ?? false,
            mark_first_response: note.markFirstResponse ?? false,
            add_to_linked_requests: note.addToLinkedRequests ?? false,
          },
        },
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, NOTE_KEYS, wireNote, `POST ${path}`);
    },
    async list(requestId, options) {
      const path = `/requests/${segment(requestId)}/notes`;
      const page = await fetchPage(transport, path, ["notes", "request_notes"], wireNote, options);
      const items = await Promise.all(
        page.items.map((n) =>
          n.description == null && n.content_url
            ? api.get(requestId, n.id, options?.signal ? { signal: options.signal } : {})
            : n,
        ),
      );
      return { ...page, items };
    },
    async get(requestId, noteId, options) {
      const path = `/requests/${segment(requestId)}/notes/${segment(noteId)}`;
      const { body } = await transport.send({
        method: "GET",
        path,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, NOTE_KEYS, wireNote, `GET ${path}`);
    },
  };
  return api;
}
