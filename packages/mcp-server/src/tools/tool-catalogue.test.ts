import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";
import { TOOL_NAME } from "./define-tool.ts";

// [readOnly, destructive, idempotent, openWorld] per tool: the reasoning is beside each tool.
const EXPECTED: Record<string, [boolean, boolean, boolean, boolean]> = {
  handoff_submit: [false, false, true, true],
  ticket_find_or_create: [false, false, true, true],
  note_render: [true, false, true, false],
  handoff_status: [true, false, true, false],
  ticket_create: [false, false, false, true],
  ticket_get: [true, false, true, true],
  ticket_list: [true, false, true, true],
  ticket_search: [true, false, true, true],
  ticket_update: [false, true, true, true],
  ticket_close: [false, true, true, true],
  ticket_add_note: [false, false, false, true],
  ticket_list_notes: [true, false, true, true],
  helpdesk_metadata: [true, false, true, true],
  problem_list: [true, false, true, true],
  problem_get: [true, false, true, true],
  problem_create: [false, false, false, true],
  problem_update: [false, true, true, true],
  problem_close: [false, true, true, true],
  problem_add_note: [false, false, false, true],
  problem_link_requests: [false, false, true, true],
  problem_unlink_requests: [false, true, true, true],
  change_list: [true, false, true, true],
  change_get: [true, false, true, true],
  change_add_note: [false, false, false, true],
  solution_search: [true, false, true, true],
  solution_get: [true, false, true, true],
  asset_search: [true, false, true, true],
  asset_get: [true, false, true, true],
  project_list: [true, false, true, true],
  project_get: [true, false, true, true],
  ticket_task_add: [false, false, false, true],
  ticket_task_list: [true, false, true, true],
  ticket_task_update: [false, true, true, true],
  ticket_worklog_add: [false, false, false, true],
  ticket_worklog_list: [true, false, true, true],
  ticket_pick_up: [false, true, true, true],
  ticket_assign: [false, true, true, true],
  helpdesk_assignees: [true, false, true, true],
  ticket_attachment_list: [true, false, true, true],
  ticket_attachment_upload: [false, false, false, true],
  audit_query: [true, false, true, false],
};

describe("tools/list", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it("lists exactly the expected tools, each with a valid name, title, description and both schemas", async () => {
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const tool of tools) {
      expect(tool.name).toMatch(TOOL_NAME);
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
  });

  it("annotates every tool with all four hints, as designed", async () => {
    const { tools } = await h.client.listTools();
    for (const tool of tools) {
      const a = tool.annotations ?? {};
      expect([a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint], tool.name).toEqual(
        EXPECTED[tool.name],
      );
    }
  });

  it("describes the handoff taxonomy in the input schema, including a deployment's extra values", async () => {
    await h.close();
    h = await createHarness({ env: { EXTRA_CATEGORIES: "Streaming" } });
    const { tools } = await h.client.listTools();
    const submit = tools.find((t) => t.name === "handoff_submit");
    const properties = (submit?.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
    const category = properties.category;
    expect(category?.description).toContain("WiFi");
    expect(category?.description).toContain("Streaming");
    expect(submit?.inputSchema.required).toEqual(["note"]);
  });

  it("mirrors structuredContent as JSON text in every successful result", async () => {
    const result = await h.call("note_render", {
      note: "Category: WiFi\nReason: Other\nSummary: no signal\nConfidence: 1",
    });
    expect(result.isError).toBeFalsy();
    const first = result.content[0];
    expect(first?.type).toBe("text");
    expect(JSON.parse(first?.type === "text" ? first.text : "")).toEqual(result.structuredContent);
  });

  it("refuses a definition whose name breaks the Claude/ElevenLabs rule", async () => {
    const { defineTool } = await import("./define-tool.ts");
    const { McpServer } = await import("@modelcontextprotocol/sdk/server/mcp.js");
    const server = new McpServer({ name: "x", version: "1" });
    expect(() =>
      defineTool(server, {} as never, {
        name: "ticket.get",
        title: "x",
        description: "x",
        input: {},
        output: {},
        annotations: {
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
        run: async () => ({}),
      }),
    ).toThrow(/does not match/);
  });

  it("answers an unknown tool with an error result", async () => {
    const result = await h.call("ticket_delete", {});
    expect(result.isError).toBe(true);
  });
});
