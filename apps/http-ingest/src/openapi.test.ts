import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, postHandoff } from "../test/harness.ts";

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const typeOf = (v: unknown) => (v === null ? "null" : typeof v === "number" ? "number" : typeof v);

/** What the OpenAPI schema says is wrong with a value (the subset of JSON Schema it uses). */
function violations(schema: JsonSchema, value: unknown, at = "body"): string[] {
  const out: string[] = [];
  const types = schema.type === undefined ? undefined : [schema.type].flat();
  if (types && !types.includes(typeOf(value))) out.push(`${at}: type ${typeOf(value)} not in ${types}`);
  if ("const" in schema && schema.const !== value) out.push(`${at}: not ${String(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: not in enum`);
  if (typeof value === "string") {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: too long`);
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) out.push(`${at}: pattern`);
  }
  if (schema.properties && value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) out.push(`${at}.${name}: missing`);
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (name in record) out.push(...violations(sub, record[name], `${at}.${name}`));
    }
  }
  return out;
}

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("/openapi.json agrees with the server on what an agent may send and gets back", () => {
  const accepted: [string, Record<string, unknown>][] = [
    ["a placeholder outage key", handoffBody({ oaKey: "none" })],
    ["an unfilled template outage key", handoffBody({ oaKey: "{{oa_key}}" })],
    ["an outage key as an LLM writes it", handoffBody({ oaKey: "North Zone 3" })],
    ["an outage key over 128 characters", handoffBody({ oaKey: `OUT ${"north river road ".repeat(12)}` })],
    ["a withheld caller id", handoffBody({ callerNumber: "anonymous" })],
    ["an unfilled caller id", handoffBody({ callerNumber: "{{system__caller_id}}" })],
    ["free text without confidence", { note: "Internet keeps dropping, caller wants a person" }],
    ["confidence as a string", handoffBody({ confidence: "0.85" })],
  ];

  it.each(accepted)(
    "%s: the spec allows it, the server answers 200 in the documented shape",
    async (_, body) => {
      h = await createHarness();
      const doc = await (await h.app.request("/openapi.json")).json();
      expect(violations(doc.components.schemas.HandoffInput, body)).toEqual([]);
      const res = await postHandoff(h, body);
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(violations(doc.components.schemas.HandoffResult, answer)).toEqual([]);
    },
  );

  it("documents the answer with the original bridge's fields and types", async () => {
    h = await createHarness();
    const doc = await (await h.app.request("/openapi.json")).json();
    const result = doc.components.schemas.HandoffResult as JsonSchema;
    expect(result.required).toEqual(
      expect.arrayContaining([
        "status",
        "outcome",
        "created",
        "ticketId",
        "ticketUrl",
        "category",
        "escalationReason",
        "confidence",
        "echo",
      ]),
    );
    expect(result.properties?.status).toMatchObject({ const: "ok" });
    expect(result.properties?.confidence?.type).toBe("string");
    expect(result.properties?.outcome?.enum).toEqual(["created", "existing", "queued"]);
    expect(result.properties?.reference?.type).toBe("string");
    const input = doc.components.schemas.HandoffInput;
    expect(input.required).toEqual(["note"]);
    expect(input.properties.oaKey.description).toMatch(/"none".*no outage key/);
    expect(input.properties.callerNumber.description).toContain("anonymous");
    expect(input.properties.confidence.description).toMatch(/0\.5 is assumed/);
  });
});

describe("/openapi.json info.version", () => {
  it("is the app's package.json version, which changesets bumps on release", async () => {
    h = await createHarness();
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const doc = await (await h.app.request("/openapi.json")).json();
    expect(doc.info.version).toBe(pkg.version);
  });
});
