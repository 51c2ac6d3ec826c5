import type { Hono } from "hono";
import { failed, list, single } from "./envelope.ts";
import type { Json } from "./input-data.ts";
import { readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";

/** A module served read-only: its list and its records by id. */
export interface ReadOnlyModule {
  /** Path and list key, e.g. "solutions". */
  plural: string;
  /** Single-record key, e.g. "solution". */
  single: string;
  rows(): Json[];
  get(id: string): Json | undefined;
  defaultSort: { field: string; order: "asc" | "desc" };
}

/**
 * `GET /{plural}` (with `list_info`: search criteria, search fields, sort, paging) and
 * `GET /{plural}/{id}`; used for solutions, assets and projects (reference §7, [S]).
 */
export function registerReadOnlyModule(api: Hono, module: ReadOnlyModule): void {
  api.get(`/${module.plural}`, async (c) => {
    const { rows, listInfo } = applyListInfo(module.rows(), await readInputData(c), {
      defaultSort: module.defaultSort,
    });
    return list(module.plural, rows, listInfo);
  });
  api.get(`/${module.plural}/:id`, (c) => {
    const row = module.get(c.req.param("id"));
    if (!row) throw failed(4007, "Invalid URL or resource not found");
    return single({ [module.single]: row });
  });
}
