import { describe, expect, it } from "vitest";
import { createRefusalLog } from "./refusal-log.ts";

describe("createRefusalLog", () => {
  it("writes the first refusal at once, then one line per interval with the counts since the last", () => {
    const lines: Record<string, unknown>[] = [];
    const clock = { now: 1_000_000 };
    const log = createRefusalLog({
      logger: { warn: (fields: Record<string, unknown>) => lines.push(fields) } as never,
      now: () => clock.now,
      everyMs: 60_000,
      message: "refused",
    });
    let asked = 0;
    const fields = () => ({ client: `c${++asked}` });
    for (let i = 0; i < 5; i++) log("missing", fields);
    clock.now += 59_999;
    log("malformed", fields);
    expect(lines).toEqual([{ client: "c1", refused: { missing: 1 }, loggedAtMostEveryMs: 60_000 }]);
    clock.now += 1;
    log("expired", fields);
    expect(lines[1]).toEqual({
      client: "c2",
      refused: { missing: 4, malformed: 1, expired: 1 },
      loggedAtMostEveryMs: 60_000,
    });
    // The fields of refusals that are only counted are never built.
    expect(asked).toBe(2);
  });
});
