/**
 * A builder for SDP `search_criteria` (reference §4.3, official grammar).
 *
 * How `children` combine with their parent is ambiguous in the official example, so groups are
 * emitted in the one shape that reads the same under both readings: the group's first criterion
 * carries the group's operator in `logical_operator`, and every child carries it too. Top-level
 * criteria are joined left to right by their own `logical_operator`; a group therefore only
 * appears first, and {@link matchAll} / {@link matchAny} accept at most one.
 */

/** The official conditions (shorthands like `eq` and unofficial ones like `is empty` are not emitted). */
export const SEARCH_CONDITIONS = [
  "is",
  "is not",
  "greater than",
  "greater or equal",
  "lesser than",
  "lesser or equal",
  "between",
  "not between",
  "starts with",
  "ends with",
  "contains",
  "not contains",
] as const;
/** One of {@link SEARCH_CONDITIONS}. */
export type SearchCondition = (typeof SEARCH_CONDITIONS)[number];

/** A value as written on the wire. Dates become epoch-ms strings. */
export type SearchWireValue = string | number | boolean | { id?: string; name?: string };
/** A value given to {@link where}. */
export type SearchValue = SearchWireValue | Date;

/** One criterion as SDP reads it. */
export interface SearchCriterion {
  field: string;
  condition: SearchCondition;
  value?: SearchWireValue;
  values?: SearchWireValue[];
  logical_operator?: "and" | "or";
  children?: SearchCriterion[];
}

const wire = (v: SearchValue): SearchWireValue => (v instanceof Date ? String(v.getTime()) : v);

/**
 * One criterion. An array value is sent as `values` (SDP: "in case of multiple values, values key
 * needs to be used"); `between` needs exactly two values.
 *
 * @example where("status.name", "is", ["Open", "On Hold"])
 */
export function where(
  field: string,
  condition: SearchCondition,
  value: SearchValue | SearchValue[],
): SearchCriterion {
  if (!(SEARCH_CONDITIONS as readonly string[]).includes(condition)) {
    throw new TypeError(`Unknown search condition "${condition}"`);
  }
  if (Array.isArray(value)) {
    if ((condition === "between" || condition === "not between") && value.length !== 2) {
      throw new TypeError(`"${condition}" needs exactly two values`);
    }
    return { field, condition, values: value.map(wire) };
  }
  if (condition === "between" || condition === "not between") {
    throw new TypeError(`"${condition}" needs exactly two values`);
  }
  return { field, condition, value: wire(value) };
}

function group(operator: "and" | "or", criteria: SearchCriterion[]): SearchCriterion {
  const [first, ...rest] = criteria;
  if (!first) throw new TypeError("A search group needs at least one criterion");
  if (rest.length === 0) return first;
  if (first.children?.length) {
    throw new TypeError("The first criterion of a group must not be a group itself; reorder the arguments");
  }
  return {
    ...first,
    logical_operator: operator,
    children: rest.map((c) => ({ ...c, logical_operator: operator })),
  };
}

/** A group that matches when any criterion matches: `(a OR b OR …)`. */
export function anyOf(...criteria: SearchCriterion[]): SearchCriterion {
  return group("or", criteria);
}

/** A group that matches when every criterion matches: `(a AND b AND …)`. */
export function allOf(...criteria: SearchCriterion[]): SearchCriterion {
  return group("and", criteria);
}

/** The top-level `search_criteria` array where every item must match. Empty input → `undefined`. */
export function matchAll(...criteria: SearchCriterion[]): SearchCriterion[] | undefined {
  return join("and", criteria);
}

/** The top-level `search_criteria` array where any item may match. Empty input → `undefined`. */
export function matchAny(...criteria: SearchCriterion[]): SearchCriterion[] | undefined {
  return join("or", criteria);
}

function join(operator: "and" | "or", criteria: SearchCriterion[]): SearchCriterion[] | undefined {
  if (criteria.length === 0) return undefined;
  // A group only reads unambiguously in first position (see the file comment). Both joins are
  // commutative, so the group moves to the front; two groups cannot be expressed safely.
  const groups = criteria.filter((c) => c.children?.length);
  if (groups.length > 1) {
    throw new TypeError("SDP search criteria can hold only one group unambiguously; nest the others");
  }
  const ordered = [...groups, ...criteria.filter((c) => !c.children?.length)];
  return ordered.map((c, i) => {
    if (i > 0) return { ...c, logical_operator: operator };
    if (c.children?.length) return c;
    const { logical_operator: _, ...plain } = c;
    return plain;
  });
}
