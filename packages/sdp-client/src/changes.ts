import { readEntity, segment } from "./entity.ts";
import { type WireChange, wireChange } from "./itsm-wire-schemas.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import { createModuleNotesApi, type ModuleNotesApi } from "./module-notes.ts";
import type { CallOptions } from "./requests.ts";
import { type SearchCriterion, where } from "./search-criteria.ts";
import type { Transport } from "./transport.ts";

/** List options of changes, plus a scheduled window to overlap. */
export interface ChangeListOptions extends ListOptions {
  /**
   * Only changes whose scheduled window overlaps `[from, to]` (a maintenance window in force
   * at a time: `from = to = that time`). Joined with `searchCriteria` by AND.
   */
  scheduledOverlapping?: { from: Date | number; to: Date | number };
}

/** Changes and maintenance (reference §7): read-only here, plus notes. */
export interface ChangesApi {
  /** Sorted by scheduled start unless `sortField` says otherwise. */
  list(options?: ChangeListOptions): Promise<ListPage<WireChange>>;
  get(id: string, options?: CallOptions): Promise<WireChange>;
  readonly notes: ModuleNotesApi;
}

const asDate = (value: Date | number) => (value instanceof Date ? value : new Date(value));

/** The changes module over a transport. */
export function createChangesApi(transport: Transport): ChangesApi {
  return {
    notes: createModuleNotesApi(transport, "changes"),
    list(options = {}) {
      const { scheduledOverlapping: window, ...rest } = options;
      const given: SearchCriterion[] = rest.searchCriteria === undefined ? [] : [rest.searchCriteria].flat();
      if (window) {
        // start ≤ to AND end ≥ from; every criterion joined by AND, left to right (§4.3).
        const overlap = [
          where("scheduled_start_time", "lesser or equal", asDate(window.to)),
          where("scheduled_end_time", "greater or equal", asDate(window.from)),
        ];
        rest.searchCriteria = [...given, ...overlap].map((c, i) =>
          i === 0 ? c : { ...c, logical_operator: "and" },
        );
      }
      return fetchPage(transport, "/changes", ["changes"], wireChange, {
        sortField: "scheduled_start_time",
        sortOrder: "asc",
        ...rest,
      });
    },
    async get(id, options) {
      const path = `/changes/${segment(id)}`;
      const { body } = await transport.send({
        method: "GET",
        path,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, ["change"], wireChange, `GET ${path}`);
    },
  };
}
