import { createHarness } from "@ispn/mcp-server/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callTool, createMcpFixture, MCP_TOKENS, type McpFixture, textOf } from "../../test/mcp-fixture.ts";

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("remote MCP at /mcp", () => {
  let f: McpFixture;
  beforeEach(async () => {
    f = await createMcpFixture();
  });
  afterEach(() => f.close());

  it("answers 401 with where to learn how to authenticate when the token is missing or unknown", async () => {
    const missing = await f.request("/mcp", post(INIT));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe(
      'Bearer resource_metadata="http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp"',
    );
    const unknown = await f.request("/mcp", post(INIT, bearer("ispn_mcp_not-a-real-token-at-all")));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("publishes RFC 9728 protected-resource metadata at both well-known paths", async () => {
    for (const path of [
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/mcp",
    ]) {
      const res = await f.request(path);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        resource: "http://127.0.0.1:3000/mcp",
        bearer_methods_supported: ["header"],
        scopes_supported: ["read", "write", "handoff"],
      });
    }
  });

  it("refuses a foreign Host or browser Origin (DNS rebinding) with 403, even with a valid token", async () => {
    const host = await f.request("/mcp", post(INIT, { ...bearer(MCP_TOKENS.admin), host: "evil.example" }));
    expect(host.status).toBe(403);
    const origin = await f.request(
      "/mcp",
      post(INIT, { ...bearer(MCP_TOKENS.admin), origin: "https://evil.example" }),
    );
    expect(origin.status).toBe(403);
    expect((await origin.json()).error.message).toContain("MCP_ALLOWED_ORIGINS");
    const ok = await f.request("/mcp", post(INIT, { ...bearer(MCP_TOKENS.admin), host: "localhost:3000" }));
    expect(ok.status).toBe(200);
  });

  it("refuses a body over MCP_BODY_LIMIT_BYTES with 413 and malformed JSON with a parse error", async () => {
    const big = { ...INIT, params: { ...INIT.params, padding: "x".repeat(1024 * 1024 + 1) } };
    const tooBig = await f.request("/mcp", post(big, bearer(MCP_TOKENS.admin)));
    expect(tooBig.status).toBe(413);
    const bad = await f.request("/mcp", post("{not json", bearer(MCP_TOKENS.admin)));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe(-32700);
  });

  it("offers a full-scope token the same tools as the stdio server, with the same schemas", async () => {
    const client = await f.connect(MCP_TOKENS.admin);
    const http = (await client.listTools()).tools;
    const stdio = await createHarness();
    try {
      const local = (await stdio.client.listTools()).tools;
      const byName = (tools: typeof http) => Object.fromEntries(tools.map((t) => [t.name, t]));
      expect(Object.keys(byName(http)).sort()).toEqual(Object.keys(byName(local)).sort());
      expect(byName(http)).toEqual(byName(local));
    } finally {
      await stdio.close();
    }
  });

  it("lists only read tools to a read token, and refuses its write call saying which scope is needed", async () => {
    const client = await f.connect(MCP_TOKENS.reader);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("ticket_get");
    expect(names).not.toContain("ticket_update");
    expect(names).not.toContain("handoff_submit");
    const ticket = await f.mock.createTicket({ subject: "Router down", description: "no sync light" });
    const result = await callTool(client, "ticket_update", { ticketId: ticket.id, status: "Closed" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('needs the "write" scope');
    expect((await f.mock.getTicket(ticket.id))?.status).toBe(ticket.status);
    expect(await f.runtime.stores.audit.query({ tool: "ticket_update" })).toMatchObject([
      { actor: "Rita Reader", outcome: "error", code: "scope" },
    ]);
  });

  it("writes the person's name on their notes and updates, and audits every write", async () => {
    const client = await f.connect(MCP_TOKENS.admin);
    const ticket = await f.mock.createTicket({
      subject: "Slow internet",
      description: "speed drops at night",
    });
    const added = await callTool(client, "ticket_add_note", {
      ticketId: ticket.id,
      body: "Called back, reset the modem.",
    });
    expect(added.isError).toBeFalsy();
    await callTool(client, "ticket_update", { ticketId: ticket.id, priority: "High" });
    const notes = (await f.mock.listNotes(ticket.id)).items.map((n) => n.body);
    expect(notes).toContain("Called back, reset the modem.\n\n— via MCP by Ana Admin");
    expect(notes.some((n) => n.startsWith("Updated priority") && n.endsWith("— via MCP by Ana Admin"))).toBe(
      true,
    );

    const handoff = await callTool(client, "ticket_find_or_create", {
      callerNumber: "(415) 555-0123",
      category: "WiFi",
      summary: "No internet since this morning",
    });
    expect(handoff.isError).toBeFalsy();

    const audit = await callTool(client, "audit_query", { actor: "Ana Admin" });
    const entries = (audit.structuredContent as { entries: Record<string, unknown>[] }).entries;
    expect(entries.map((e) => e.tool)).toEqual(["ticket_find_or_create", "ticket_update", "ticket_add_note"]);
    expect(entries[2]).toMatchObject({ actor: "Ana Admin", via: "http", ticketId: ticket.id, outcome: "ok" });
    expect(entries[0]?.caller).toBe("+1******0123");
    expect(JSON.stringify(entries)).not.toContain("5550123");

    const resource = await client.readResource({ uri: "helpdesk://audit" });
    expect(JSON.stringify(resource.contents)).toContain("ticket_add_note");
  });

  it("writes the person's name on the notes they add to problems", async () => {
    const client = await f.connect(MCP_TOKENS.admin);
    const created = await callTool(client, "problem_create", { title: "Fibre cut on Elm Street" });
    expect(created.isError, textOf(created)).toBeFalsy();
    const problemId = (created.structuredContent as { problem: { id: string } }).problem.id;
    const added = await callTool(client, "problem_add_note", { problemId, note: "Crew on site." });
    expect(added.isError).toBeFalsy();
    const got = await callTool(client, "problem_get", { problemId, includeNotes: true });
    expect(JSON.stringify(got.structuredContent)).toContain("Crew on site.\\n\\n— via MCP by Ana Admin");
  });

  it("asks the helpdesk for a lookup list once, though each request gets its own server", async () => {
    const lists = vi.spyOn(f.runtime.helpdesk, "listMetadata");
    for (const token of [MCP_TOKENS.admin, MCP_TOKENS.reader]) {
      const client = await f.connect(token);
      const result = await callTool(client, "helpdesk_metadata", { kind: "statuses" });
      expect(result.isError).toBeFalsy();
    }
    expect(lists.mock.calls.filter(([kind]) => kind === "statuses")).toHaveLength(1);
  });

  it("answers GET and DELETE with 405 (stateless: no sessions, no server-initiated stream)", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await f.request("/mcp", { method, headers: bearer(MCP_TOKENS.admin) });
      expect(res.status).toBe(405);
    }
  });

  it("is in /openapi.json with every status it answers above", async () => {
    const spec = (await (await f.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const statuses = Object.keys(spec.paths["/mcp"]?.post?.responses ?? {});
    const answered = [
      (await f.request("/mcp", post(INIT))).status,
      (await f.request("/mcp", post(INIT, { ...bearer(MCP_TOKENS.admin), host: "evil.example" }))).status,
      (await f.request("/mcp", post("{not json", bearer(MCP_TOKENS.admin)))).status,
      (await f.request("/mcp", post("x".repeat(2 * 1024 * 1024), bearer(MCP_TOKENS.admin)))).status,
      (await f.request("/mcp", { method: "GET", headers: bearer(MCP_TOKENS.admin) })).status,
      (await f.request("/mcp", post(INIT, bearer(MCP_TOKENS.admin)))).status,
    ];
    expect(answered).toEqual([401, 403, 400, 413, 405, 200]);
    for (const status of answered) expect(statuses).toContain(String(status));
    expect(spec.paths["/.well-known/oauth-protected-resource/mcp"]?.get).toBeDefined();
  });
});
