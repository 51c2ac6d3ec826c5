import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, nextCursor, queryFingerprint } from "./cursor.ts";
import { ToolInputError } from "./tool-errors.ts";

describe("page cursors", () => {
  const fp = queryFingerprint({ tool: "ticket_list", status: "Open" });

  it("round-trips the start index and page size", () => {
    expect(decodeCursor(encodeCursor({ startIndex: 41, rowCount: 20 }, fp), fp)).toEqual({
      startIndex: 41,
      rowCount: 20,
    });
  });

  it("is bound to the query it was made for", () => {
    const other = queryFingerprint({ tool: "ticket_list", status: "Closed" });
    expect(other).not.toBe(fp);
    expect(() => decodeCursor(encodeCursor({ startIndex: 2, rowCount: 1 }, fp), other)).toThrow(
      ToolInputError,
    );
  });

  it.each([
    "",
    "not-base64!",
    Buffer.from('{"s":0,"n":20,"q":"x"}').toString("base64url"),
    Buffer.from('{"s":1,"n":500}').toString("base64url"),
  ])("refuses %j", (bad) => {
    let error: ToolInputError | undefined;
    try {
      decodeCursor(bad, fp);
    } catch (e) {
      error = e as ToolInputError;
    }
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error?.issues[0]?.message).toMatch(/not a cursor from this tool/);
  });

  it("points past the rows returned, and only when there are more", () => {
    const next = nextCursor({ startIndex: 21, hasMore: true, count: 20 }, 20, fp);
    expect(decodeCursor(next ?? "", fp)).toEqual({ startIndex: 41, rowCount: 20 });
    expect(nextCursor({ startIndex: 21, hasMore: false, count: 3 }, 20, fp)).toBeUndefined();
    expect(nextCursor({ startIndex: 21, hasMore: true, count: 0 }, 20, fp)).toBeUndefined();
  });
});
