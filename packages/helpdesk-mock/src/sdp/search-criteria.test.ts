import { describe, expect, it } from "vitest";
import { matchesCriteria, matchesSearchFields } from "./search-criteria.ts";

const row = {
  subject: "Fiber cut on Main Street",
  status: { name: "Open", id: "11" },
  priority: null,
  created_time: { value: "1000", display_value: "…" },
  udf_fields: { udf_char1: "conv_42" },
  requester: { name: "Jordan Smith", phone: "+15551230001" },
};

describe("search_criteria conditions", () => {
  it.each([
    [{ field: "status.name", condition: "is", value: "open" }, true],
    [{ field: "status", condition: "is", values: [{ name: "Closed" }, { name: "Open" }] }, true],
    [{ field: "status", condition: "is", value: { id: "12" } }, false],
    [{ field: "status.name", condition: "=", value: "Open" }, true],
    [{ field: "status.name", condition: "eq", value: "Open" }, true],
    [{ field: "status.name", condition: "is not", value: "Open" }, false],
    [{ field: "status.name", condition: "neq", values: ["Closed", "On Hold"] }, true],
    [{ field: "subject", condition: "contains", value: "CUT" }, true],
    [{ field: "subject", condition: "not contains", value: "cut" }, false],
    [{ field: "subject", condition: "starts with", value: "fiber" }, true],
    [{ field: "subject", condition: "ends with", value: "Street" }, true],
    [{ field: "created_time", condition: "greater than", value: "999" }, true],
    [{ field: "created_time", condition: "gt", value: "1000" }, false],
    [{ field: "created_time", condition: "gte", value: "1000" }, true],
    [{ field: "created_time", condition: "lesser than", value: "1001" }, true],
    [{ field: "created_time", condition: "lt", value: "1000" }, false],
    [{ field: "created_time", condition: "lte", value: "1000" }, true],
    [{ field: "created_time", condition: "between", values: ["900", "1000"] }, true],
    [{ field: "created_time", condition: "not between", values: ["900", "1000"] }, false],
    [{ field: "udf_fields.udf_char1", condition: "is", value: "conv_42" }, true],
    [{ field: "priority", condition: "is", value: "High" }, false],
    [{ field: "priority", condition: "is empty" }, true],
  ])("%j → %s", (criterion, expected) => {
    expect(matchesCriteria(row, [criterion])).toBe(expected);
  });

  it("joins with logical_operator to the previous criterion, and/or in any case", () => {
    const no = { field: "subject", condition: "contains", value: "nothing" };
    const yes = { field: "subject", condition: "contains", value: "fiber" };
    expect(matchesCriteria(row, [no, { ...yes, logical_operator: "OR" }])).toBe(true);
    expect(matchesCriteria(row, [yes, { ...no, logical_operator: "and" }])).toBe(false);
  });

  it("groups children with their parent: A or (B and C)", () => {
    const tree = (a: boolean, b: boolean, c: boolean) => ({
      field: "status.name",
      condition: "is",
      value: a ? "Open" : "Closed",
      logical_operator: "or",
      children: [
        { field: "subject", condition: "contains", value: b ? "fiber" : "zzz", logical_operator: "and" },
        { field: "subject", condition: "contains", value: c ? "main" : "zzz", logical_operator: "and" },
      ],
    });
    expect(matchesCriteria(row, [tree(true, false, false)])).toBe(true);
    expect(matchesCriteria(row, [tree(false, true, true)])).toBe(true);
    expect(matchesCriteria(row, [tree(false, true, false)])).toBe(false);
  });

  it("refuses an unknown condition", () => {
    expect(() => matchesCriteria(row, { field: "subject", condition: "sounds like", value: "x" })).toThrow(
      /Unknown condition/,
    );
  });
});

describe("search_fields", () => {
  it("matches lookups by name and text by containment", () => {
    expect(matchesSearchFields(row, { "status.name": "Open", subject: "main" })).toBe(true);
    expect(matchesSearchFields(row, { status: "Closed" })).toBe(false);
  });
});
