import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, readRepoFile } from "./repo-files.ts";

const guide = readRepoFile("docs/deployment.md");

/** Every file under deploy/, relative to the repository root. */
function deployFiles(dir = "deploy"): string[] {
  return readdirSync(new URL(`${dir}/`, REPO_ROOT), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? deployFiles(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}

describe("docs/deployment.md", () => {
  it("uses every deployment file (links or names it), so none is left undocumented", () => {
    const missing = deployFiles().filter((file) => {
      const name = file.split("/").at(-1)!;
      return !guide.includes(`(../${file})`) && !guide.includes(`\`${name}\``) && !guide.includes(file);
    });
    expect(missing).toEqual([]);
  });

  it("no longer carries its own copies of the unit and the nginx site", () => {
    expect(guide).not.toMatch(/^\[Service\]$/m);
    expect(guide).not.toMatch(/^\s*server \{/m);
    expect(guide).not.toContain("$proxy_add_x_forwarded_for;");
  });

  it("creates the ispn user the unit runs as", () => {
    expect(guide).toMatch(/useradd --system .*ispn$/m);
  });
});
