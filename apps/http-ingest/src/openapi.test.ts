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

describe("/openapi.json covers every route, header and status", () => {
  type Operation = {
    parameters?: { $ref?: string; name?: string }[];
    requestBody?: object;
    security?: Record<string, string[]>[];
    responses: Record<string, { headers?: Record<string, unknown> }>;
  };
  const load = async () => {
    h = await createHarness();
    return (await (await h.app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: {
        parameters: Record<string, { name: string }>;
        securitySchemes: Record<string, { name?: string }>;
      };
    };
  };

  it("documents every route the app registers", async () => {
    const doc = await load();
    const registered = h.app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(new Set(registered)).toEqual(new Set(documented));
  });

  it("documents the statuses middleware answers on every POST route, and errors everywhere", async () => {
    const doc = await load();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toHaveProperty("500");
        for (const [status, response] of Object.entries(op.responses)) {
          expect(response.headers, `${method} ${path} ${status}`).toHaveProperty("X-Request-Id");
        }
        if (method === "post") {
          expect(Object.keys(op.responses), path).toEqual(
            expect.arrayContaining(["400", "401", "403", "405", "413", "415"]),
          );
          expect(op.requestBody, path).toBeDefined();
          expect(op.responses["405"]?.headers).toHaveProperty("Allow");
        }
      }
    }
    const handoff = doc.paths["/ingest/oa-handoff"]!.post!;
    expect(handoff.responses["429"]?.headers).toHaveProperty("Retry-After");
    expect(handoff.responses["503"]?.headers).toHaveProperty("Retry-After");
    expect(handoff.responses["200"]?.headers).toEqual(
      expect.objectContaining({ RateLimit: expect.anything(), "Idempotent-Replayed": expect.anything() }),
    );
  });

  it("documents the request headers: Idempotency-Key, x-timestamp with x-signature, ElevenLabs-Signature", async () => {
    const doc = await load();
    const names = (op: Operation) =>
      (op.parameters ?? []).map((p) =>
        p.$ref ? doc.components.parameters[p.$ref.split("/").pop()!]!.name : p.name,
      );
    expect(names(doc.paths["/ingest/oa-handoff"]!.post!)).toEqual(
      expect.arrayContaining(["Idempotency-Key", "x-timestamp"]),
    );
    expect(names(doc.paths["/webhooks/elevenlabs/post-call"]!.post!)).toContain("ElevenLabs-Signature");
    expect(doc.paths["/ingest/oa-handoff"]!.post!.security).toContainEqual({
      hmacSignature: [],
      hmacTimestamp: [],
    });
    expect(doc.components.securitySchemes.hmacTimestamp?.name).toBe("x-timestamp");
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
