import { describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  failure,
  fakeFetch,
  json,
  listInfoOf,
  listOf,
  type Seen,
  single,
  wireRequest,
} from "../test/fixtures/fake-fetch.ts";
import { createSdpClient, isSdpError, type SdpValidationError } from "./index.ts";

const clientFor = (api: (seen: Seen) => Response, more: Record<string, unknown> = {}) => {
  const fake = fakeFetch(api);
  return { fake, client: createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, ...more }) };
};

/** A list endpoint over `total` rows honouring start_index / row_count like SDP. */
const pagedList = (total: number) => (seen: Seen) => {
  const info = listInfoOf(seen);
  const rows = Array.from({ length: total }, (_, i) => wireRequest(String(1000 + i)));
  const page = rows.slice(info.start_index - 1, info.start_index - 1 + info.row_count);
  return listOf("requests", page, {
    has_more_rows: info.start_index - 1 + page.length < total,
    start_index: info.start_index,
    row_count: page.length,
  });
};

describe("requests: lists and pages", () => {
  it("iterates every request across several pages with 1-based start indexes", async () => {
    const { fake, client } = clientFor(pagedList(250));
    const ids: string[] = [];
    for await (const request of client.requests.iterate()) ids.push(request.id);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(fake.apiCalls.map((c) => listInfoOf(c).start_index)).toEqual([1, 101, 201]);
  });

  it("returns one page with hasMore and the total when asked", async () => {
    const { client } = clientFor(() =>
      listOf("requests", [wireRequest("1")], {
        has_more_rows: true,
        start_index: 1,
        row_count: 1,
        total_count: 9,
      }),
    );
    const page = await client.requests.list({ rowCount: 1, getTotalCount: true });
    expect(page).toMatchObject({ startIndex: 1, hasMore: true, total: 9 });
  });

  it("reads an empty list whose array key is omitted", async () => {
    const { client } = clientFor(() =>
      json({
        response_status: [{ status_code: 2000, status: "success" }],
        list_info: { has_more_rows: false },
      }),
    );
    expect((await client.requests.list()).items).toEqual([]);
  });

  it.each([
    [{ startIndex: 0 }, "start_index"],
    [{ startIndex: 1.5 }, "start_index"],
    [{ rowCount: 101 }, "row_count"],
  ])("refuses %o before calling SDP", async (options, field) => {
    const { fake, client } = clientFor(() => listOf("requests", []));
    const error = await client.requests.list(options).catch((e: unknown) => e);
    expect((error as SdpValidationError).fields).toEqual([field]);
    expect(fake.apiCalls).toHaveLength(0);
  });

  it("sends filters, sort and search criteria inside list_info", async () => {
    const { fake, client } = clientFor(() => listOf("requests", []));
    await client.requests.list({
      sortField: "created_time",
      sortOrder: "desc",
      filterBy: "Open_Requests",
      searchCriteria: { field: "status.name", condition: "is", value: "Open" },
    });
    expect(fake.apiCalls[0]?.inputData?.list_info).toMatchObject({
      sort_field: "created_time",
      sort_order: "desc",
      filter_by: { name: "Open_Requests" },
      search_criteria: [{ field: "status.name", condition: "is", value: "Open" }],
    });
  });
});

describe("requests: close", () => {
  it("adds the resolution and closes again when SDP answers 3000 asking for one", async () => {
    let resolved = false;
    let closed = false;
    const { fake, client } = clientFor((seen) => {
      if (seen.path === "/requests/7/close") {
        if (!resolved) {
          return json({
            response_status: {
              status_code: 3000,
              status: "failed",
              messages: [{ status_code: 3000, type: "warning", fields: ["resolution"] }],
            },
          });
        }
        closed = true;
        return single({});
      }
      if (seen.method === "PUT" && seen.path === "/requests/7") {
        resolved = true;
        return single({ request: wireRequest("7") });
      }
      return single({ request: wireRequest("7", { status: { name: closed ? "Closed" : "Open" } }) });
    });
    const result = await client.requests.close("7", {
      closureCode: "Success",
      comments: "done",
      resolution: "Rebooted",
    });
    expect(result.status?.name).toBe("Closed");
    expect(fake.apiCalls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "PUT /requests/7/close",
      "PUT /requests/7",
      "PUT /requests/7/close",
      "GET /requests/7",
    ]);
    expect(fake.apiCalls[1]?.inputData).toEqual({ request: { resolution: { content: "Rebooted" } } });
    expect(fake.apiCalls[0]?.inputData).toEqual({
      request: { closure_info: { closure_code: { name: "Success" }, closure_comments: "done" } },
    });
  });

  it("reports exactly what is missing when it cannot complete the close", async () => {
    const { client } = clientFor((seen) =>
      seen.path.endsWith("/close")
        ? json({
            response_status: {
              status_code: 3000,
              messages: [{ type: "warning", fields: ["resolution", "closure_code"] }],
            },
          })
        : single({ request: wireRequest("7") }),
    );
    const error = await client.requests.close("7", { resolution: "x" }).catch((e: unknown) => e);
    expect(isSdpError(error, "incomplete")).toBe(true);
    expect((error as SdpValidationError).fields).toEqual(["resolution", "closure_code"]);
    expect((error as Error).message).toContain("resolution, closure_code");
  });

  it("falls back to the _close route when /close does not exist, and remembers it", async () => {
    const { fake, client } = clientFor((seen) => {
      if (seen.path.endsWith("/close")) return new Response("<html>404</html>", { status: 404 });
      if (seen.path.endsWith("/_close")) return single({});
      return single({ request: wireRequest(seen.path.split("/")[2]!, { status: { name: "Closed" } }) });
    });
    await client.requests.close("1");
    await client.requests.close("2");
    expect(fake.apiCalls.map((c) => c.path)).toEqual([
      "/requests/1/close",
      "/requests/1/_close",
      "/requests/1",
      "/requests/2/_close",
      "/requests/2",
    ]);
  });

  it("reports not found when neither close route finds the request", async () => {
    const { client } = clientFor(() => failure(404, { status_code: 4007 }));
    expect(isSdpError(await client.requests.close("404").catch((e: unknown) => e), "not_found")).toBe(true);
  });
});

describe("requests: other actions", () => {
  it("deletes to trash, assigns, and picks up with the documented routes", async () => {
    const { fake, client } = clientFor(() => single({}));
    await client.requests.delete("3");
    await client.requests.assign("3", {
      technician: { email_id: "tech@isp.test" },
      group: { name: "Network" },
    });
    await client.requests.pickup("3");
    expect(fake.apiCalls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "DELETE /requests/3",
      "PUT /requests/3/assign",
      "PUT /requests/3/pickup",
    ]);
    expect(fake.apiCalls[1]?.inputData).toEqual({
      request: { technician: { email_id: "tech@isp.test" }, group: { name: "Network" } },
    });
  });

  it("refuses other 3000 warnings as incomplete instead of reporting success", async () => {
    const { client } = clientFor(() =>
      json({
        response_status: {
          status_code: 3000,
          status: "failed",
          messages: [{ type: "warning", fields: ["urgency"] }],
        },
      }),
    );
    const error = await client.requests.update("3", { subject: "y" }).catch((e: unknown) => e);
    expect((error as SdpValidationError).code).toBe("incomplete");
    expect((error as SdpValidationError).fields).toEqual(["urgency"]);
  });
});
