import { describe, expect, it } from "vitest";
import { SecretSet, secretId } from "./constant-time.ts";

describe("a set of accepted secrets", () => {
  const set = new SecretSet(["old-token-0123456789", "new-token-9876543210"]);

  it("names an accepted secret by its secretId, whichever of the set it is", () => {
    expect(set.match("old-token-0123456789")).toBe(secretId("old-token-0123456789"));
    expect(set.match("new-token-9876543210")).toBe(secretId("new-token-9876543210"));
  });

  it("refuses anything else: another secret, a prefix, a longer value, the empty string", () => {
    for (const presented of ["other-token", "old-token-012345678", "old-token-0123456789x", ""])
      expect(set.match(presented)).toBeUndefined();
  });

  it("with no secrets, refuses everything", () => {
    expect(new SecretSet([]).match("old-token-0123456789")).toBeUndefined();
  });
});
