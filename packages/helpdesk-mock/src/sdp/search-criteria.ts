import { failed } from "./envelope.ts";
import { isObject, type Json } from "./input-data.ts";

/**
 * SDP `search_criteria` over wire objects (reference §4.3): dotted `field` paths, `value` or
 * `values`, lookup-object values (`{"name":"Open"}`), `logical_operator` joining a criterion to the
 * previous one, and `children` grouped with their parent (the parent's operator joins it to the
 * group, so `A or (B and C)` is A with `logical_operator: "or"` and children B, C).
 */

type Condition =
  | "is"
  | "is not"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "between"
  | "not between"
  | "starts"
  | "ends"
  | "contains"
  | "not contains"
  | "empty"
  | "not empty";

/** Official conditions and shorthands, plus the unofficial spellings clients were seen sending. */
const CONDITIONS: Readonly<Record<string, Condition>> = {
  is: "is",
  "=": "is",
  eq: "is",
  equals: "is",
  "is not": "is not",
  "!=": "is not",
  neq: "is not",
  "greater than": "gt",
  gt: "gt",
  ">": "gt",
  after: "gt",
  "greater or equal": "gte",
  gte: "gte",
  ">=": "gte",
  "lesser than": "lt",
  "less than": "lt",
  lt: "lt",
  "<": "lt",
  before: "lt",
  "lesser or equal": "lte",
  "less or equal": "lte",
  lte: "lte",
  "<=": "lte",
  between: "between",
  "not between": "not between",
  "starts with": "starts",
  startwith: "starts",
  startswith: "starts",
  "ends with": "ends",
  endswith: "ends",
  contains: "contains",
  like: "contains",
  "not contains": "not contains",
  "does not contain": "not contains",
  "not like": "not contains",
  "is empty": "empty",
  "is not empty": "not empty",
};

/** Reads a dotted path (`status.name`, `udf_fields.udf_char1`) from a wire object. */
export function valueAt(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** The comparable form of a field value: datetimes by `value`, lookups and people by `name`. */
export function scalarOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (isObject(value)) {
    if ("value" in value) return scalarOf(value.value);
    if ("name" in value) return scalarOf(value.name);
    return undefined;
  }
  return String(value);
}

const lower = (s: string) => s.toLowerCase();

function equalsOperand(field: unknown, operand: unknown): boolean {
  if (isObject(operand)) {
    return Object.entries(operand).every(([key, expected]) => {
      const actual = scalarOf(valueAt(field, key));
      const wanted = scalarOf(expected);
      return actual !== undefined && wanted !== undefined && lower(actual) === lower(wanted);
    });
  }
  const actual = scalarOf(field);
  const wanted = scalarOf(operand);
  return actual !== undefined && wanted !== undefined && lower(actual) === lower(wanted);
}

function compare(field: unknown, operand: unknown): number | undefined {
  const a = scalarOf(field);
  const b = scalarOf(operand);
  if (a === undefined || b === undefined) return undefined;
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== "" && b.trim() !== "" && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return lower(a).localeCompare(lower(b));
}

function textTest(field: unknown, operand: unknown, test: (a: string, b: string) => boolean): boolean {
  const a = scalarOf(field);
  const b = scalarOf(operand);
  return a !== undefined && b !== undefined && test(lower(a), lower(b));
}

function testOne(obj: Json, criterion: Json): boolean {
  if (typeof criterion.field !== "string")
    throw failed(4001, "field is required", { field: "search_criteria" });
  const name =
    typeof criterion.condition === "string"
      ? criterion.condition.trim().toLowerCase().replace(/\s+/g, " ")
      : "";
  const condition = CONDITIONS[name];
  if (!condition)
    throw failed(4001, `Unknown condition: ${String(criterion.condition)}`, { field: "condition" });
  const field = valueAt(obj, criterion.field);
  const values = Array.isArray(criterion.values)
    ? criterion.values
    : "value" in criterion
      ? [criterion.value]
      : [];
  const cmp = (i: number, test: (n: number) => boolean) => {
    const result = compare(field, values[i]);
    return result !== undefined && test(result);
  };
  const inRange = () => cmp(0, (n) => n >= 0) && cmp(1, (n) => n <= 0);
  switch (condition) {
    case "is":
      return values.some((v) => equalsOperand(field, v));
    case "is not":
      return !values.some((v) => equalsOperand(field, v));
    case "gt":
      return cmp(0, (n) => n > 0);
    case "gte":
      return cmp(0, (n) => n >= 0);
    case "lt":
      return cmp(0, (n) => n < 0);
    case "lte":
      return cmp(0, (n) => n <= 0);
    case "between":
      return inRange();
    case "not between":
      return !inRange();
    case "starts":
      return values.some((v) => textTest(field, v, (a, b) => a.startsWith(b)));
    case "ends":
      return values.some((v) => textTest(field, v, (a, b) => a.endsWith(b)));
    case "contains":
      return values.some((v) => textTest(field, v, (a, b) => a.includes(b)));
    case "not contains":
      return !values.some((v) => textTest(field, v, (a, b) => a.includes(b)));
    case "empty":
      return !scalarOf(field);
    case "not empty":
      return Boolean(scalarOf(field));
  }
}

function join(left: boolean, operator: unknown, right: () => boolean): boolean {
  return typeof operator === "string" && operator.trim().toLowerCase() === "or"
    ? left || right()
    : left && right();
}

function testNode(obj: Json, criterion: Json): boolean {
  const own = testOne(obj, criterion);
  if (!Array.isArray(criterion.children) || criterion.children.length === 0) return own;
  return join(own, criterion.logical_operator, () => testList(obj, criterion.children as unknown[]));
}

function testList(obj: Json, criteria: readonly unknown[]): boolean {
  let result: boolean | undefined;
  for (const item of criteria) {
    if (!isObject(item))
      throw failed(4001, "search_criteria entries must be objects", { field: "search_criteria" });
    result =
      result === undefined
        ? testNode(obj, item)
        : join(result, item.logical_operator, () => testNode(obj, item));
  }
  return result ?? true;
}

/** True when the wire object satisfies `search_criteria` (one criterion or an array); throws 4001 on bad input. */
export function matchesCriteria(obj: Json, criteria: unknown): boolean {
  if (criteria === undefined || criteria === null) return true;
  if (isObject(criteria)) return testList(obj, [criteria]);
  if (Array.isArray(criteria)) return testList(obj, criteria);
  throw failed(4001, "search_criteria must be an object or an array", { field: "search_criteria" });
}

/** SDP `search_fields`: lookups (objects) must equal the value by name; text must contain it. */
export function matchesSearchFields(obj: Json, fields: unknown): boolean {
  if (fields === undefined || fields === null) return true;
  if (!isObject(fields)) throw failed(4001, "search_fields must be an object", { field: "search_fields" });
  return Object.entries(fields).every(([path, wanted]) => {
    const actual = valueAt(obj, path);
    if (isObject(actual) || isObject(wanted)) return equalsOperand(actual, wanted);
    return textTest(actual, wanted, (a, b) => a.includes(b));
  });
}
