import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadDotEnv, nodeVersionProblem } from "./preflight.mjs";

describe("nodeVersionProblem", () => {
  it.each([
    [
      "20.20.2",
      "ispn: Node 22.18 or newer is needed (this is 20.20.2); see README.md (./scripts/run installs it)",
    ],
    [
      "v22.17.1",
      "ispn: Node 22.18 or newer is needed (this is 22.17.1); see README.md (./scripts/run installs it)",
    ],
    [
      "18.0.0",
      "ispn: Node 22.18 or newer is needed (this is 18.0.0); see README.md (./scripts/run installs it)",
    ],
  ])("refuses %s in one line", (version, line) => {
    expect(nodeVersionProblem(version)).toBe(line);
  });

  it.each(["22.18.0", "v22.19.3", "23.0.0", "24.21.0", "30.1.0"])("accepts %s", (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });
});

describe("loadDotEnv", () => {
  const dirs: string[] = [];
  const dir = () => {
    const path = mkdtempSync(join(tmpdir(), "ispn-dotenv-"));
    dirs.push(path);
    return path;
  };
  afterEach(() => {
    for (const path of dirs.splice(0)) rmSync(path, { recursive: true, force: true });
  });

  it("uses .env values, but a variable already in the environment wins", () => {
    const cwd = dir();
    writeFileSync(join(cwd, ".env"), "# comment\nPORT=4000\nHELPDESK=mock\nLOG_LEVEL='debug'\n");
    const env: Record<string, string | undefined> = { PORT: "5000" };
    expect(loadDotEnv(env, [cwd])).toBe(join(cwd, ".env"));
    expect(env).toEqual({ PORT: "5000", HELPDESK: "mock", LOG_LEVEL: "debug" });
  });

  it("reads the first directory that has a .env (current directory before repository root)", () => {
    const [cwd, root] = [dir(), dir()];
    writeFileSync(join(root, ".env"), "PORT=1111\n");
    const env: Record<string, string | undefined> = {};
    expect(loadDotEnv(env, [cwd, root])).toBe(join(root, ".env"));
    expect(env.PORT).toBe("1111");
    writeFileSync(join(cwd, ".env"), "PORT=2222\n");
    const again: Record<string, string | undefined> = {};
    loadDotEnv(again, [cwd, root]);
    expect(again.PORT).toBe("2222");
  });

  it("changes nothing without a .env", () => {
    const env: Record<string, string | undefined> = { A: "1" };
    expect(loadDotEnv(env, [dir()])).toBeUndefined();
    expect(env).toEqual({ A: "1" });
  });
});
