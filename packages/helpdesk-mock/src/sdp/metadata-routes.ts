import type { Hono } from "hono";
import type { Catalog, CatalogKind } from "../catalog.ts";
import { failed, list, single } from "./envelope.ts";
import { readInputData } from "./input-data.ts";
import { applyListInfo } from "./list-info.ts";
import { entryWire } from "./wire.ts";

/** Path, catalogue list, list key and single key of each lookup resource (reference §6). */
export const METADATA_ROUTES: readonly (readonly [
  path: string,
  kind: CatalogKind,
  listKey: string,
  singleKey: string,
])[] = [
  ["/priorities", "priorities", "priorities", "priority"],
  ["/statuses", "statuses", "statuses", "status"],
  ["/categories", "categories", "categories", "category"],
  ["/subcategories", "subcategories", "subcategories", "subcategory"],
  ["/request_templates", "templates", "request_templates", "request_template"],
  ["/technicians", "technicians", "technicians", "technician"],
  ["/groups", "groups", "groups", "group"],
  ["/sites", "sites", "sites", "site"],
  ["/urgencies", "urgencies", "urgencies", "urgency"],
  ["/impacts", "impacts", "impacts", "impact"],
  ["/modes", "modes", "modes", "mode"],
  ["/request_types", "request_types", "request_types", "request_type"],
  ["/closure_codes", "closure_codes", "closure_codes", "closure_code"],
  ["/levels", "levels", "levels", "level"],
  ["/requesters", "requesters", "requesters", "requester"],
];

const notFound = () => failed(4007, "Invalid URL or resource not found");

/**
 * The lookup lists, each as `GET /{resource}` (with `list_info` paging, `search_criteria` and
 * `search_fields`, e.g. requesters by `phone` or `mobile`) and `GET /{resource}/{id}`, plus
 * `GET /categories/{id}/subcategories`.
 */
export function registerMetadataRoutes(api: Hono, catalog: Catalog): void {
  for (const [path, kind, listKey, singleKey] of METADATA_ROUTES) {
    api.get(path, async (c) => {
      const all = catalog.list(kind).map(entryWire);
      const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
        defaultSort: { field: "id", order: "asc" },
      });
      return list(listKey, rows, listInfo);
    });
    api.get(`${path}/:id`, (c) => {
      const entry = catalog.find(kind, { id: c.req.param("id") });
      if (!entry) throw notFound();
      return single({ [singleKey]: entryWire(entry) });
    });
  }
  api.get("/categories/:id/subcategories", async (c) => {
    const category = catalog.find("categories", { id: c.req.param("id") });
    if (!category) throw notFound();
    const all = catalog
      .list("subcategories")
      .filter((s) => s.detail === category.name)
      .map(entryWire);
    const { rows, listInfo } = applyListInfo(all, await readInputData(c), {
      defaultSort: { field: "id", order: "asc" },
    });
    return list("subcategories", rows, listInfo);
  });
}
