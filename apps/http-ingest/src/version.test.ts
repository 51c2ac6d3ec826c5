import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { APP_VERSION, readPackageVersion } from "./version.ts";

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

  it("APP_VERSION is this app's package.json version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(APP_VERSION).toBe(pkg.version);
  });
});
