import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_CATEGORIES, DEFAULT_ESCALATION_REASONS, handoffInputSchema } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, postHandoff, TOKEN } from "../test/harness.ts";

const tool = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../../../docs/elevenlabs/oa-handoff.tool.json", import.meta.url)),
    "utf8",
  ),
).tool_config;
const schema = tool.api_schema.request_body_schema;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("docs/elevenlabs/oa-handoff.tool.json", () => {
  it("posts JSON to the handoff route with the token from a secret header", () => {
    expect(tool.type).toBe("webhook");
    expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new URL(tool.api_schema.url).pathname).toBe("/ingest/oa-handoff");
    expect(tool.api_schema.method).toBe("POST");
    expect(Object.keys(tool.api_schema.request_headers)).toEqual(["x-auth-token"]);
    expect(tool.api_schema.request_headers["x-auth-token"].secret_id).toBeTruthy();
    expect(tool.response_timeout_secs).toBeGreaterThan(12);
  });

  it("binds the caller and conversation to system variables and offers the taxonomy as enums", () => {
    expect(schema.properties.callerNumber).toEqual({ type: "string", dynamic_variable: "system__caller_id" });
    expect(schema.properties.conversationId).toEqual({
      type: "string",
      dynamic_variable: "system__conversation_id",
    });
    expect(schema.properties.category.enum).toEqual([...DEFAULT_CATEGORIES]);
    expect(schema.properties.escalationReason.enum).toEqual([...DEFAULT_ESCALATION_REASONS]);
    const known = Object.keys(handoffInputSchema.shape);
    for (const name of Object.keys(schema.properties)) expect(known).toContain(name);
    for (const name of schema.required) expect(Object.keys(schema.properties)).toContain(name);
  });

  it("produces bodies the bridge accepts, with the header it names", async () => {
    h = await createHarness();
    const body = {
      note: "Category: WiFi\nReason: CallerRequested\nSummary: Router keeps dropping\nConfidence: 0.7",
      category: schema.properties.category.enum[1],
      escalationReason: schema.properties.escalationReason.enum[0],
      confidence: 0.7,
      callerNumber: "+14155550123",
      conversationId: "conv_tool",
      source: schema.properties.source.constant_value,
    };
    const res = await postHandoff(h, body, { "x-auth-token": TOKEN });
    expect(res.status).toBe(200);
    const answer = await res.json();
    for (const assignment of tool.assignments) expect(answer[assignment.value_path]).toBeTruthy();
  });
});
