import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it, vi } from "vitest";
import { FakeHelpdesk } from "../test/fixtures/fake-helpdesk.ts";

// The README's usage example, run as written (the helpdesk import swapped for core's own test
// fake, since the mock package depends on core), with its printed output checked.
it("the README usage example works and prints what it says", async () => {
  const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
  const code = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const body = code!.replace(/^import .*$/gm, "").replace("createMockHelpdesk()", "new FakeHelpdesk()");
  const core = await import("@ispn/core");
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const run = new Function(
    "core",
    "FakeHelpdesk",
    `const { createHandoffService, createMemoryStores, prepareHandoff } = core; return (async () => {${body}})();`,
  );
  await run(core, FakeHelpdesk);
  expect(log.mock.calls[0]).toEqual([true, false, true]);
  expect(log.mock.calls[1]![0]).toBe(
    "There is already an open ticket, number 1001, for your WiFi issue. I've added the details of this call to it.",
  );
  log.mockRestore();
});
