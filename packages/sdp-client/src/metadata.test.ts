import { describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  failure,
  fakeFetch,
  listInfoOf,
  listOf,
  type Seen,
  single,
} from "../test/fixtures/fake-fetch.ts";
import { createSdpClient } from "./index.ts";

const clientFor = (api: (seen: Seen) => Response, more: Record<string, unknown> = {}) => {
  const fake = fakeFetch(api);
  return { fake, client: createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, ...more }) };
};

describe("metadata lookups", () => {
  it("caches a lookup for the TTL, then fetches it again", async () => {
    let now = 0;
    const { fake, client } = clientFor(() => listOf("priorities", [{ id: "1", name: "High" }]), {
      now: () => now,
      metadataTtlMs: 60_000,
    });
    expect((await client.metadata.list("priorities")).map((p) => p.name)).toEqual(["High"]);
    now = 59_000;
    await client.metadata.list("priorities");
    expect(fake.apiCalls).toHaveLength(1);
    now = 61_000;
    await client.metadata.list("priorities");
    expect(fake.apiCalls).toHaveLength(2);
  });

  it("does not cache a failure", async () => {
    let fail = true;
    const { client } = clientFor(() =>
      fail ? failure(403, { status_code: 4002 }) : listOf("modes", [{ id: "1", name: "Phone Call" }]),
    );
    await expect(client.metadata.list("modes")).rejects.toMatchObject({ code: "forbidden" });
    fail = false;
    expect(await client.metadata.list("modes")).toHaveLength(1);
  });

  it("reads every page of a long lookup", async () => {
    const { client } = clientFor((seen) => {
      const { start_index } = listInfoOf(seen);
      const rows = Array.from({ length: start_index === 1 ? 100 : 30 }, (_, i) => ({
        id: String(start_index + i),
        name: `c${start_index + i}`,
      }));
      return listOf("categories", rows, { has_more_rows: start_index === 1 });
    });
    expect(await client.metadata.list("categories")).toHaveLength(130);
  });

  it("accepts the disputed `status` list key for statuses", async () => {
    const { client } = clientFor(() => listOf("status", [{ id: "1", name: "Open" }]));
    expect((await client.metadata.list("statuses")).map((s) => s.name)).toEqual(["Open"]);
  });

  it("falls back to technician users when /technicians does not exist", async () => {
    const { fake, client } = clientFor((seen) =>
      seen.path === "/technicians"
        ? failure(404, { status_code: 4007 })
        : listOf("users", [{ id: "9", first_name: "Ada", last_name: "Tech", email_id: "ada@isp.test" }]),
    );
    const rows = await client.metadata.list("technicians");
    expect(rows[0]?.email_id).toBe("ada@isp.test");
    expect(fake.apiCalls[1]?.inputData?.list_info).toMatchObject({
      search_criteria: [{ field: "is_technician", condition: "is", value: true }],
    });
  });

  it("lists subcategories per category when /subcategories does not exist (cloud)", async () => {
    const { client } = clientFor((seen) => {
      if (seen.path === "/subcategories") return failure(404, { status_code: 4007 });
      if (seen.path === "/categories") return listOf("categories", [{ id: "c1", name: "Internet" }]);
      return listOf("subcategories", [{ id: "s1", name: "WiFi" }]);
    });
    const rows = await client.metadata.list("subcategories");
    expect(rows).toMatchObject([{ id: "s1", name: "WiFi", category: { id: "c1", name: "Internet" } }]);
  });
});

describe("notes", () => {
  it("adds a private note wrapped as request_note", async () => {
    const fake = fakeFetch(() =>
      single({ request_note: { id: "n1", description: "<p>hi</p>", show_to_requester: false } }),
    );
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    const note = await client.notes.add("42", { description: "<p>hi</p>" });
    expect(note.id).toBe("n1");
    expect(fake.apiCalls[0]?.path).toBe("/requests/42/notes");
    expect(fake.apiCalls[0]?.inputData).toEqual({
      request_note: {
        description: "<p>hi</p>",
        show_to_requester: false,
        notify_technician: false,
        mark_first_response: false,
        add_to_linked_requests: false,
      },
    });
  });

  it("reads the `request_notes` key and fetches notes that carry only a content_url", async () => {
    const fake = fakeFetch((seen) =>
      seen.path === "/requests/42/notes"
        ? listOf("request_notes", [
            { id: "1", description: "inline", added_time: { value: "1700000000000" } },
            { id: "2", content_url: "/api/v3/requests/42/notes/2" },
          ])
        : single({ request_note: { id: "2", description: "fetched" } }),
    );
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch });
    const page = await client.notes.list("42");
    expect(page.items.map((n) => n.description)).toEqual(["inline", "fetched"]);
    expect(fake.apiCalls.map((c) => c.path)).toEqual(["/requests/42/notes", "/requests/42/notes/2"]);
  });
});
