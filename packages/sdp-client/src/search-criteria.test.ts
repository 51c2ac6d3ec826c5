import { describe, expect, it } from "vitest";
import { anyOf, matchAll, matchAny, where } from "./index.ts";

describe("search_criteria builder", () => {
  it("writes one value as `value` and several as `values`, dates as epoch-ms strings", () => {
    expect(where("status.name", "is", "Open")).toEqual({
      field: "status.name",
      condition: "is",
      value: "Open",
    });
    expect(where("status.name", "is", ["Open", "On Hold"])).toEqual({
      field: "status.name",
      condition: "is",
      values: ["Open", "On Hold"],
    });
    expect(where("created_time", "greater than", new Date(1_590_736_751_000))).toEqual({
      field: "created_time",
      condition: "greater than",
      value: "1590736751000",
    });
  });

  it("refuses `between` without exactly two values", () => {
    expect(() => where("created_time", "between", ["1"])).toThrow(/two values/);
    expect(where("created_time", "between", ["1", "2"]).values).toEqual(["1", "2"]);
  });

  it("joins top-level criteria left to right with lowercase operators", () => {
    expect(matchAll(where("a", "is", "1"), where("b", "contains", "x"))).toEqual([
      { field: "a", condition: "is", value: "1" },
      { field: "b", condition: "contains", value: "x", logical_operator: "and" },
    ]);
    expect(matchAny(where("a", "is", "1"), where("b", "is", "2"))?.[1]?.logical_operator).toBe("or");
    expect(matchAll()).toBeUndefined();
  });

  it("puts a group first, its operator on the parent and on every child, so both readings agree", () => {
    const criteria = matchAll(
      where("status.name", "is", "Open"),
      anyOf(where("subject", "contains", "fiber"), where("description", "contains", "fiber")),
    );
    expect(criteria).toEqual([
      {
        field: "subject",
        condition: "contains",
        value: "fiber",
        logical_operator: "or",
        children: [{ field: "description", condition: "contains", value: "fiber", logical_operator: "or" }],
      },
      { field: "status.name", condition: "is", value: "Open", logical_operator: "and" },
    ]);
  });

  it("refuses two groups in one search, which SDP could read two ways", () => {
    const g = () => anyOf(where("a", "is", "1"), where("b", "is", "2"));
    expect(() => matchAll(g(), g())).toThrow(/one group/);
  });
});
