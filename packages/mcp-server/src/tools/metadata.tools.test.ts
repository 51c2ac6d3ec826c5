import { METADATA_KINDS } from "@ispn/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

interface MetadataOut {
  metadata: Record<string, { id: string; name: string; detail?: string }[]>;
  unavailable?: string[];
  handoffTaxonomy: { categories: string[]; escalationReasons: string[]; sources: string[] };
}

describe("helpdesk_metadata", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: { EXTRA_CATEGORIES: "Streaming" } });
  });
  afterEach(() => h.close());

  it("returns every lookup list and the handoff taxonomy", async () => {
    const out = await h.ok<MetadataOut>("helpdesk_metadata");
    expect(Object.keys(out.metadata).sort()).toEqual([...METADATA_KINDS].sort());
    expect(out.metadata.statuses?.map((s) => s.name)).toEqual([
      "Open",
      "In Progress",
      "On Hold",
      "Resolved",
      "Closed",
    ]);
    expect(out.metadata.technicians?.find((t) => t.name === "Sam Chen")?.detail).toBe(
      "sam.chen@ispn.example",
    );
    expect(out.handoffTaxonomy.categories).toContain("Streaming");
    expect(out.handoffTaxonomy.sources).toContain("Manual");
    expect(out.unavailable).toBeUndefined();
  });

  it("returns one list when asked for a kind", async () => {
    const out = await h.ok<MetadataOut>("helpdesk_metadata", { kind: "closure_codes" });
    expect(Object.keys(out.metadata)).toEqual(["closure_codes"]);
    expect(out.metadata.closure_codes?.map((c) => c.name)).toContain("Success");
  });

  it("refuses an unknown kind through the schema, naming the valid kinds", async () => {
    const text = await h.fail("helpdesk_metadata", { kind: "colours" });
    expect(text).toMatch(/kind/);
    expect(text).toMatch(/statuses/);
  });

  it("caches lists, so an outage after a first read still answers", async () => {
    await h.ok("helpdesk_metadata", { kind: "statuses" });
    h.mock.faults.set({ outage: true });
    const out = await h.ok<MetadataOut>("helpdesk_metadata", { kind: "statuses" });
    expect(out.metadata.statuses).toHaveLength(5);
  });

  it("names the lists it could not fetch, and fails only when none could be", async () => {
    await h.ok("helpdesk_metadata", { kind: "statuses" });
    h.mock.faults.set({ outage: true });
    const partial = await h.ok<MetadataOut>("helpdesk_metadata");
    expect(Object.keys(partial.metadata)).toEqual(["statuses"]);
    expect(partial.unavailable).toHaveLength(METADATA_KINDS.length - 1);
    const text = await h.fail("helpdesk_metadata", { kind: "priorities" });
    expect(text).toMatch(/unavailable right now \(temporary\)\. Retry helpdesk_metadata in \d+ seconds/);
  });
});
