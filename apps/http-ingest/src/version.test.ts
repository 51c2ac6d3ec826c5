import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { APP_VERSION } from "./version.ts";

it("APP_VERSION is this app's package.json version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(APP_VERSION).toBe(pkg.version);
});
