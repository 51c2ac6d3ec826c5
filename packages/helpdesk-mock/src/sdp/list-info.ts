import { failed } from "./envelope.ts";
import { isObject, type Json } from "./input-data.ts";
import { matchesCriteria, matchesSearchFields, scalarOf, valueAt } from "./search-criteria.ts";

/** How one list endpoint lists. */
export interface ListSpec {
  /** Sort when the caller names none. */
  defaultSort: { field: string; order: "asc" | "desc" };
  /** Saved list views (`filter_by.name`) this list knows. */
  filters?: Readonly<Record<string, (row: Json) => boolean>>;
  /** Trims a full row to what the list returns, given `fields_required`. */
  trim?: (row: Json, fieldsRequired: readonly string[]) => Json;
}

const MAX_ROWS = 100;
const DEFAULT_ROWS = 10;

function integer(
  value: unknown,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw failed(4001, `Value given for ${field} is not valid`, { field });
  }
  return n;
}

function sortKey(a: Json, b: Json, field: string): number {
  const x = scalarOf(valueAt(a, field));
  const y = scalarOf(valueAt(b, field));
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
  const [nx, ny] = [Number(x), Number(y)];
  if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx === ny ? 0 : nx < ny ? -1 : 1;
  return x.toLowerCase().localeCompare(y.toLowerCase());
}

/**
 * Applies `input_data.list_info` (reference §4.2) to full rows: `search_criteria`, `search_fields`,
 * `filter_by`, sorting, 1-based `start_index` (0 is read as 1; `page` is accepted too),
 * `row_count` 1..100 (default 10), `get_total_count`, `fields_required`. Answers the page and the
 * `list_info` to send back, which echoes the request's keys. Throws 4001 on bad values.
 */
export function applyListInfo(
  all: readonly Json[],
  input: Json,
  spec: ListSpec,
): { rows: Json[]; listInfo: Json } {
  const info = input.list_info ?? {};
  if (!isObject(info)) throw failed(4001, "list_info must be an object", { field: "list_info" });
  const rowCount = integer(info.row_count, "row_count", 1, MAX_ROWS) ?? DEFAULT_ROWS;
  const page = integer(info.page, "page", 1);
  const startIndex = Math.max(
    1,
    integer(info.start_index, "start_index", 0) ?? (page ? (page - 1) * rowCount + 1 : 1),
  );
  const sortField = info.sort_field === undefined ? spec.defaultSort.field : info.sort_field;
  if (typeof sortField !== "string")
    throw failed(4001, "Value given for sort_field is not valid", { field: "sort_field" });
  const order = String(info.sort_order ?? spec.defaultSort.order).toLowerCase();
  if (order !== "asc" && order !== "desc") {
    throw failed(4001, "Value given for sort_order is not valid", { field: "sort_order" });
  }
  const filter = filterOf(info.filter_by, spec);
  const wanted = Array.isArray(info.fields_required) ? info.fields_required.map(String) : [];

  const matched = all.filter(
    (row) =>
      filter(row) &&
      matchesSearchFields(row, info.search_fields) &&
      matchesCriteria(row, info.search_criteria),
  );
  const sign = order === "asc" ? 1 : -1;
  matched.sort((a, b) => sign * (sortKey(a, b, sortField) || sortKey(a, b, "id")));
  const rows = matched
    .slice(startIndex - 1, startIndex - 1 + rowCount)
    .map((row) => spec.trim?.(row, wanted) ?? row);

  const listInfo: Json = {
    has_more_rows: startIndex - 1 + rows.length < matched.length,
    start_index: startIndex,
    row_count: rows.length,
    sort_field: sortField,
    sort_order: order,
  };
  for (const key of ["search_criteria", "search_fields", "filter_by", "fields_required"] as const) {
    if (info[key] !== undefined) listInfo[key] = info[key];
  }
  const total = info.get_total_count;
  if (total === true || total === "true") listInfo.total_count = matched.length;
  return { rows, listInfo };
}

function filterOf(filterBy: unknown, spec: ListSpec): (row: Json) => boolean {
  if (filterBy === undefined || filterBy === null) return () => true;
  const name = isObject(filterBy) ? filterBy.name : filterBy;
  const found = typeof name === "string" ? spec.filters?.[name] : undefined;
  if (!found) throw failed(4001, "Value given for filter_by is not valid", { field: "filter_by" });
  return found;
}
