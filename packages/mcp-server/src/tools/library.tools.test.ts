import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

describe("knowledge base, asset and project tools", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it("searches the knowledge base and reads an article", async () => {
    const found = await h.ok<{ solutions: { id: string; title: string; keywords: string[] }[] }>(
      "solution_search",
      {
        text: "ont",
      },
    );
    expect(found.solutions.map((s) => s.title)).toEqual(["Reading the ONT status lights"]);
    expect(found.solutions[0]?.keywords).toContain("outage");
    const article = await h.ok<{ solution: { body: string } }>("solution_get", {
      solutionId: found.solutions[0]?.id,
    });
    expect(article.solution.body).toContain("LOS");
    expect(await h.fail("solution_get", { solutionId: "7" })).toMatch(
      /solutionId: no such record; use solution_search/,
    );
  });

  it("finds a caller's equipment by email or name and reads it", async () => {
    const byEmail = await h.ok<{ assets: { id: string; name: string; user?: string }[] }>("asset_search", {
      user: "jordan.smith@example.com",
    });
    expect(byEmail.assets.map((a) => a.name)).toEqual(["CPE-ELM-0042", "ONT-ELM-0042"]);
    const both = await h.ok<{ assets: { id: string; name: string }[] }>("asset_search", {
      name: "CPE",
      user: "Maria",
    });
    expect(both.assets.map((a) => a.name)).toEqual(["CPE-OAK-0107"]);
    const asset = await h.ok<{ asset: { ipAddress?: string; user?: string } }>("asset_get", {
      assetId: both.assets[0]?.id,
    });
    expect(asset.asset).toMatchObject({ ipAddress: "10.20.1.7", user: "Maria Garcia" });
    expect(await h.fail("asset_search", {})).toMatch(/give name, user or both/);
  });

  it("lists projects page by page and reads one", async () => {
    const first = await h.ok<{ projects: { id: string; title: string }[]; nextCursor?: string }>(
      "project_list",
      { limit: 1 },
    );
    expect(first.nextCursor).toBeDefined();
    const second = await h.ok<{ projects: { id: string; title: string }[]; nextCursor?: string }>(
      "project_list",
      {
        limit: 1,
        cursor: first.nextCursor,
      },
    );
    expect(second.nextCursor).toBeUndefined();
    const project = await h.ok<{ project: { percentComplete?: number; owner?: string } }>("project_get", {
      projectId: first.projects[0]?.id,
    });
    expect(project.project).toMatchObject({ percentComplete: 35, owner: "Alex Rivera" });
    h.mock.faults.set({ rateLimited: true, rateLimitRetryAfterMs: 30_000 });
    expect(await h.fail("project_get", { projectId: "1" })).toMatch(
      /rate limit.*Retry project_get in 30 seconds/,
    );
  });
});
