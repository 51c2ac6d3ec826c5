import { segment } from "./entity.ts";
import { SdpNotFoundError } from "./errors.ts";
import { fetchPage, MAX_ROW_COUNT } from "./listing.ts";
import { matchAll, where } from "./search-criteria.ts";
import type { Transport } from "./transport.ts";
import { type WireMetadataRow, wireMetadataRow } from "./wire-schemas.ts";

/** The lookups of reference §6. */
export const SDP_METADATA_KINDS = [
  "priorities",
  "statuses",
  "categories",
  "subcategories",
  "items",
  "request_templates",
  "technicians",
  "groups",
  "sites",
  "departments",
  "urgencies",
  "impacts",
  "modes",
  "request_types",
  "levels",
  "closure_codes",
] as const;
/** One of {@link SDP_METADATA_KINDS}. */
export type SdpMetadataKind = (typeof SDP_METADATA_KINDS)[number];

interface Source {
  path: string;
  keys: readonly string[];
  criteria?: ReturnType<typeof matchAll>;
}

const simple = (name: string, ...more: string[]): Source => ({ path: `/${name}`, keys: [name, ...more] });

/** Where each lookup lives, then the route tried when the first answers "not found" ([C] in §6). */
const SOURCES: Record<Exclude<SdpMetadataKind, "subcategories">, readonly Source[]> = {
  priorities: [simple("priorities")],
  // [C] Teejer reads `status`; PTTG saw 404 on /statuses (the adapter then falls back to built-ins).
  statuses: [simple("statuses", "status")],
  categories: [simple("categories")],
  items: [simple("items")],
  request_templates: [simple("request_templates")],
  // [C] /technicians errors on some portals; PTTG falls back to technician users.
  technicians: [
    simple("technicians"),
    { path: "/users", keys: ["users"], criteria: matchAll(where("is_technician", "is", true)) },
  ],
  // [C] on-prem also has /support_groups.
  groups: [simple("groups"), simple("support_groups", "groups")],
  sites: [simple("sites")],
  departments: [simple("departments")],
  urgencies: [simple("urgencies")],
  impacts: [simple("impacts")],
  modes: [simple("modes")],
  request_types: [simple("request_types")],
  levels: [simple("levels")],
  closure_codes: [simple("closure_codes")],
};

/** Cached lookups. */
export interface MetadataApi {
  /** Every row of a lookup (all pages), cached for the configured TTL. */
  list(kind: SdpMetadataKind, options?: { signal?: AbortSignal }): Promise<WireMetadataRow[]>;
  /**
   * Subcategories of one category (`/categories/{id}/subcategories`, cloud) or of all
   * (`/subcategories`, on-prem; else per category). Rows carry their `category` when known.
   */
  subcategories(categoryId?: string, options?: { signal?: AbortSignal }): Promise<WireMetadataRow[]>;
  /** Drops the cache (all kinds). */
  clear(): void;
}

const MAX_PAGES = 20;

/** The cached lookups over a transport; rows are cached per kind for `ttlMs` (failures are not cached). */
export function createMetadataApi(deps: {
  transport: Transport;
  ttlMs: number;
  now: () => number;
}): MetadataApi {
  const cache = new Map<string, { at: number; rows: Promise<WireMetadataRow[]> }>();

  function cached(key: string, load: () => Promise<WireMetadataRow[]>): Promise<WireMetadataRow[]> {
    const hit = cache.get(key);
    if (hit && deps.now() - hit.at < deps.ttlMs) return hit.rows;
    const rows = load();
    cache.set(key, { at: deps.now(), rows });
    rows.catch(() => {
      if (cache.get(key)?.rows === rows) cache.delete(key);
    });
    return rows;
  }

  async function loadAll(source: Source, signal?: AbortSignal): Promise<WireMetadataRow[]> {
    const rows: WireMetadataRow[] = [];
    for (let page = 0, startIndex = 1; page < MAX_PAGES; page++, startIndex += MAX_ROW_COUNT) {
      const { items, hasMore } = await fetchPage(deps.transport, source.path, source.keys, wireMetadataRow, {
        startIndex,
        rowCount: MAX_ROW_COUNT,
        ...(source.criteria ? { searchCriteria: source.criteria } : {}),
        ...(signal ? { signal } : {}),
      });
      rows.push(...items);
      if (!hasMore || items.length === 0) break;
    }
    return rows;
  }

  async function firstAvailable(
    sources: readonly Source[],
    signal?: AbortSignal,
  ): Promise<WireMetadataRow[]> {
    let notFound: unknown;
    for (const source of sources) {
      try {
        return await loadAll(source, signal);
      } catch (error) {
        if (!(error instanceof SdpNotFoundError)) throw error;
        notFound = error;
      }
    }
    throw notFound;
  }

  const api: MetadataApi = {
    list(kind, options) {
      if (kind === "subcategories") return api.subcategories(undefined, options);
      return cached(kind, () => firstAvailable(SOURCES[kind], options?.signal));
    },
    subcategories(categoryId, options) {
      const signal = options?.signal;
      if (categoryId) {
        return cached(`subcategories:${categoryId}`, () =>
          firstAvailable(
            [
              { path: `/categories/${segment(categoryId)}/subcategories`, keys: ["subcategories"] },
              {
                path: "/subcategories",
                keys: ["subcategories"],
                criteria: matchAll(where("category.id", "is", categoryId)),
              },
            ],
            signal,
          ),
        );
      }
      return cached("subcategories", async () => {
        try {
          return await loadAll(simple("subcategories"), signal);
        } catch (error) {
          if (!(error instanceof SdpNotFoundError)) throw error;
          const categories = await api.list("categories", options);
          const all: WireMetadataRow[] = [];
          for (const category of categories) {
            const rows = await api.subcategories(category.id, options);
            all.push(
              ...rows.map((r) => ({
                ...r,
                category: r.category ?? { id: category.id, name: category.name },
              })),
            );
          }
          return all;
        }
      });
    },
    clear() {
      cache.clear();
    },
  };
  return api;
}
