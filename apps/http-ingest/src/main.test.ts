import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const main = fileURLToPath(new URL("./main.ts", import.meta.url));

it("refuses to start on misconfiguration, naming the variable, with exit code 1", () => {
  const result = spawnSync(process.execPath, ["--conditions=@ispn/source", main], {
    env: { PATH: process.env.PATH, PORT: "99999", STORE_URL: "memory:", MOCK_PERSIST: "memory" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("PORT:");
  expect(result.stderr).toContain('"99999" is not a whole number from 0 to 65535');
  expect(result.stdout).toBe("");
});
