import { describe, expect, it } from "vitest";
import { BASE_CONFIG, failure, fakeFetch, listOf, type Seen, single } from "../test/fixtures/fake-fetch.ts";
import { createSdpClient } from "./index.ts";

/** The wire facts the reference marks unsure ([S], [C], [I]) are read in every documented form. */
const clientFor = (api: (seen: Seen) => Response) => {
  const fake = fakeFetch(api);
  return { fake, client: createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch }) };
};

describe("unsure wire forms of the other modules", () => {
  it("closes a problem through `_close` when the portal has no `close`, and remembers it", async () => {
    const { fake, client } = clientFor((seen) => {
      if (seen.path.endsWith("/close")) return failure(404, { status_code: 4007, message: "Invalid URL" });
      return single({ problem: { id: "7", status: { name: "Closed" } } });
    });
    await client.problems.close("7", { closureCode: "Success" });
    await client.problems.close("7");
    const puts = fake.apiCalls.filter((c) => c.method === "PUT");
    expect(puts.map((c) => c.path)).toEqual([
      "/problems/7/close",
      "/problems/7/_close",
      "/problems/7/_close",
    ]);
    expect(puts[1]?.inputData).toEqual({ problem: { closure_info: { closure_code: { name: "Success" } } } });
    expect(puts[2]?.inputData).toBeUndefined();
  });

  it("reads close details, root cause and symptoms in grouped or flat form", async () => {
    const { client } = clientFor(() =>
      single({
        problem: {
          id: "7",
          close_details: { closure_code: "Success", closure_comments: "done" },
          root_cause_description: "backhoe",
          symptoms: { description: "no light" },
        },
      }),
    );
    const problem = await client.problems.get("7");
    expect(problem.close_details).toEqual({ closure_code: "Success", closure_comments: "done" });
    expect([problem.root_cause_description, problem.symptoms]).toEqual([
      "backhoe",
      { description: "no light" },
    ]);
  });

  it("reads problem notes under `problem_note(s)` and fetches list items that carry only a content_url", async () => {
    const { fake, client } = clientFor((seen) => {
      if (seen.method === "POST") return single({ problem_note: { id: "1", description: "added" } });
      if (seen.path === "/problems/7/notes") {
        return listOf("problem_notes", [
          { id: "1", content_url: "/api/v3/problems/7/notes/1" },
          { id: "2", description: "inline" },
        ]);
      }
      return single({ note: { id: "1", description: "fetched" } });
    });
    expect((await client.problems.notes.add("7", { description: "added" })).description).toBe("added");
    expect(fake.apiCalls[0]?.inputData).toEqual({ note: { description: "added", show_to_requester: false } });
    const page = await client.problems.notes.list("7");
    expect(page.items.map((n) => n.description)).toEqual(["fetched", "inline"]);
  });

  it("sends the association body on unlink too, and reads keywords as a string or an array", async () => {
    const { fake, client } = clientFor((seen) =>
      seen.path.startsWith("/solutions")
        ? listOf("solutions", [
            { id: "1", keywords: ["a", "b"] },
            { id: "2", keywords: "a, b" },
          ])
        : single({}),
    );
    await client.problems.unlinkRequests("9", ["5"]);
    expect(fake.apiCalls[0]).toMatchObject({
      method: "DELETE",
      path: "/requests/5/problem",
      inputData: { request_problem_association: { problem: { id: "9" } } },
    });
    const found = await client.solutions.search("a");
    expect(found.items.map((s) => s.keywords)).toEqual([["a", "b"], "a, b"]);
  });
});
