import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const INDEX = fileURLToPath(new URL("./index.ts", import.meta.url));

let dir: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("README", () => {
  it("runs the usage example as written and prints what its comments say", async () => {
    const example = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readFileSync(README, "utf8"))?.[1];
    expect(example).toBeDefined();
    dir = mkdtempSync(join(tmpdir(), "helpdesk-mock-readme-"));
    const file = join(dir, "example.ts");
    writeFileSync(file, (example ?? "").replaceAll('"@ispn/helpdesk-mock"', JSON.stringify(INDEX)));
    const printed: unknown[][] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    await import(file);
    const promised = [...(example ?? "").matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(printed.map((args) => args.join(" "))).toEqual(promised);
    expect(promised).toEqual(["1001 Open", "ambiguous", "1002", "1001 Open"]);
  });
});
