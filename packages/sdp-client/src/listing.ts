import type { z } from "zod";
import { SdpResponseError, SdpValidationError } from "./errors.ts";
import type { SearchCriterion } from "./search-criteria.ts";
import type { SdpCall, Transport } from "./transport.ts";
import { wireListInfo } from "./wire-schemas.ts";

/** SDP's page-size ceiling (reference §4.2). */
export const MAX_ROW_COUNT = 100;

/** `list_info` options of a list call (reference §4.2). */
export interface ListOptions {
  /** 1-based index of the first row (default 1). */
  startIndex?: number;
  /** Rows per page, 1..100 (default 25). */
  rowCount?: number;
  sortField?: string;
  sortOrder?: "asc" | "desc";
  /** Build with `where`, `anyOf`, `matchAll` … from `search-criteria.ts`. */
  searchCriteria?: SearchCriterion | SearchCriterion[];
  /** Simple equality match, e.g. `{ "status.name": "Open" }`. */
  searchFields?: Record<string, string>;
  /** A saved list view, e.g. `Open_Requests` (some portals leak closed tickets into it [S]). */
  filterBy?: string;
  fieldsRequired?: string[];
  /** Ask SDP for `total_count`. */
  getTotalCount?: boolean;
  signal?: AbortSignal;
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  startIndex: number;
  /** Rows asked for. */
  rowCount: number;
  hasMore: boolean;
  total?: number;
}

/** Builds `list_info`, refusing values SDP answers with opaque errors (0-based or fractional index, > 100 rows). */
export function buildListInfo(options: ListOptions): Record<string, unknown> {
  const startIndex = options.startIndex ?? 1;
  const rowCount = options.rowCount ?? 25;
  if (!Number.isInteger(startIndex) || startIndex < 1) {
    throw new SdpValidationError(
      "invalid_value",
      "start_index is 1-based: give a whole number of 1 or more.",
      {
        fields: ["start_index"],
      },
    );
  }
  if (!Number.isInteger(rowCount) || rowCount < 1 || rowCount > MAX_ROW_COUNT) {
    throw new SdpValidationError(
      "invalid_value",
      `row_count must be a whole number from 1 to ${MAX_ROW_COUNT}.`,
      {
        fields: ["row_count"],
      },
    );
  }
  const info: Record<string, unknown> = { start_index: startIndex, row_count: rowCount };
  if (options.sortField) info.sort_field = options.sortField;
  if (options.sortOrder) info.sort_order = options.sortOrder;
  if (options.getTotalCount) info.get_total_count = true;
  if (options.searchCriteria) {
    // SDP takes an object or an array; always send the array form.
    info.search_criteria = Array.isArray(options.searchCriteria)
      ? options.searchCriteria
      : [options.searchCriteria];
  }
  if (options.searchFields) info.search_fields = options.searchFields;
  if (options.filterBy) info.filter_by = { name: options.filterBy };
  if (options.fieldsRequired) info.fields_required = options.fieldsRequired;
  return info;
}

/**
 * GETs one page of a list resource. `keys` are the accepted array keys, first preferred (some
 * are disputed, e.g. `notes` vs `request_notes`); an empty list may omit the key (§4.4).
 * Rows that fail `schema` make the answer an {@link SdpResponseError}.
 */
export async function fetchPage<S extends z.ZodType>(
  transport: Transport,
  path: string,
  keys: readonly string[],
  schema: S,
  options: ListOptions = {},
  extra: Record<string, unknown> = {},
): Promise<ListPage<z.output<S>>> {
  const listInfo = buildListInfo(options);
  const call: SdpCall = { method: "GET", path, inputData: { list_info: listInfo, ...extra } };
  if (options.signal) call.signal = options.signal;
  const { body } = await transport.send(call);
  const key = keys.find((k) => Array.isArray(body[k]));
  const rows = key ? (body[key] as unknown[]) : [];
  const items = rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      throw new SdpResponseError("SDP answered a list row of an unexpected shape.", {
        cause: parsed.error,
        detail: `GET ${path} (${key})`,
      });
    }
    return parsed.data as z.output<S>;
  });
  const info = wireListInfo.safeParse(body.list_info);
  const meta = info.success ? info.data : undefined;
  const rowCount = listInfo.row_count as number;
  // Without list_info, a full page may have a successor: one extra call beats a silent cut.
  const hasMore = meta?.has_more_rows ?? items.length >= rowCount;
  return {
    items,
    startIndex: listInfo.start_index as number,
    rowCount,
    hasMore,
    ...(typeof meta?.total_count === "number" ? { total: meta.total_count } : {}),
  };
}

/** Every row of a list, page after page (`rowCount` per page, default 100), until SDP says no more. */
export async function* iteratePages<T>(
  fetch: (options: ListOptions) => Promise<ListPage<T>>,
  options: Omit<ListOptions, "startIndex"> = {},
): AsyncGenerator<T, void, undefined> {
  const rowCount = options.rowCount ?? MAX_ROW_COUNT;
  for (let startIndex = 1; ; startIndex += rowCount) {
    const page = await fetch({ ...options, rowCount, startIndex });
    yield* page.items;
    if (!page.hasMore || page.items.length === 0) return;
  }
}
