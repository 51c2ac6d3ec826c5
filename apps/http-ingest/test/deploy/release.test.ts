import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, readRepoFile, readYaml, type Yaml } from "./repo-files.ts";

const workspacePackages = ["packages", "apps"].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, REPO_ROOT)).map((name) => ({
    path: `${dir}/${name}`,
    json: JSON.parse(readRepoFile(`${dir}/${name}/package.json`)),
  })),
);

describe("releases", () => {
  it("the repository has the MIT licence every package declares", () => {
    expect(readRepoFile("LICENSE")).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} ISPN Helpdesk Bridge contributors\n/,
    );
    for (const { path, json } of workspacePackages)
      expect({ path, license: json.license }).toEqual({ path, license: "MIT" });
  });

  it("changesets versions the private apps too, without publishing or tagging them", () => {
    const config = JSON.parse(readRepoFile(".changeset/config.json"));
    expect(config.privatePackages).toEqual({ version: true, tag: false });
    const apps = workspacePackages.filter((p) => p.path.startsWith("apps/"));
    for (const { json } of apps) expect(json.private).toBe(true);
  });

  it("packing any package builds it (and what it depends on) first", () => {
    for (const { path, json } of workspacePackages) {
      if (json.scripts.prepack === json.scripts.build) {
        // a self-contained bundle built from the workspace sources: nothing of ours to build first,
        // nothing to install with it
        expect({ path, dependencies: json.dependencies ?? {} }).toEqual({ path, dependencies: {} });
        continue;
      }
      expect({ path, prepack: json.scripts.prepack }).toEqual({
        path,
        prepack: `turbo run build --filter=${json.name}...`,
      });
    }
  });

  it("CI runs .ci/run on every push and pull request", () => {
    const ci = readYaml(".github/workflows/ci.yml");
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    const steps: Yaml[] = ci.jobs.test.steps;
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([".ci/run"]);
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with["node-version-file"]).toBe(
      ".nvmrc",
    );
  });

  it("releases from main with changesets/action, after the full suite", () => {
    const release = readYaml(".github/workflows/release.yml");
    expect(release.on.push.branches).toEqual(["main"]);
    const steps: Yaml[] = release.jobs.release.steps;
    const suite = steps.findIndex((s) => s.run === ".ci/run");
    const changesets = steps.findIndex((s) => s.uses?.startsWith("changesets/action@"));
    expect(suite).toBeGreaterThanOrEqual(0);
    expect(changesets).toBeGreaterThan(suite);
    expect(steps[changesets]!.with).toMatchObject({
      version: "pnpm exec changeset version",
      publish: "pnpm exec changeset publish",
    });
    expect(steps[changesets]!.env.NPM_TOKEN).toMatch(/secrets\.NPM_TOKEN/);
  });
});
