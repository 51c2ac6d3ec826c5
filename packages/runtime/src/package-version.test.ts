import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { readPackageVersion } from "./package-version.ts";

describe("readPackageVersion", () => {
  it("reads the version changesets wrote, whatever it is", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ispn-version-")), "package.json");
    writeFileSync(file, JSON.stringify({ name: "x", version: "3.14.2" }));
    expect(readPackageVersion(pathToFileURL(file))).toBe("3.14.2");
  });

  it("refuses a package.json without a version", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ispn-version-")), "package.json");
    writeFileSync(file, JSON.stringify({ name: "x" }));
    expect(() => readPackageVersion(pathToFileURL(file))).toThrow(/has no "version"/);
  });
});
