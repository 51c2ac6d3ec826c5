import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHarness,
  elevenLabsSignature,
  type Harness,
  hmacHeaders,
  OTHER_TOKEN,
  TOKEN,
} from "../test/harness.ts";
import { candidates, type Schema } from "../test/spec-cases.ts";
import { createLogger } from "./logger.ts";
import { type RunningServer, startServer } from "./server.ts";

// Spec-vs-server conformance: the document's examples and the boundary cases generated from it
// (test/spec-cases.ts) go to a running server over HTTP. A JSON Schema validator over the same
// document says whether each request is valid; valid must be answered 2xx, invalid 400/422 (or
// 401/403 for credentials), and every answer's status, required headers and body must be the ones
// the document lists for the operation.

type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
};
type Parameter = { name: string; in: string; schema: Schema };
type Operation = {
  requestBody?: {
    content: Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }>;
  };
  responses: Record<
    string,
    { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: Schema }> }
  >;
};
type Probe = {
  name: string;
  path: string;
  method: "get" | "post";
  /** The path template in the document, when `path` fills it in. */
  template?: string;
  headers?: Record<string, string>;
  body?: string;
  /** What the document says: true valid, false invalid, undefined nothing (only statuses and headers are compared). */
  valid?: boolean | undefined;
  /** Statuses that mean "refused" for this probe (default 400 and 422). */
  refused?: number[];
  /** Statuses that mean "accepted" besides 2xx (a well-formed reference that is not known: 404). */
  accepted?: number[];
};

let h: Harness;
let server: RunningServer;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: false });
const results: { probe: Probe; status: number; problems: string[] }[] = [];

const pointer = (path: string[]) =>
  `#/${path.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
const resolve = (ref: string): Schema => {
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/"))
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return node as Schema;
};
const validate = (ref: string, value: unknown) => {
  const check = ajv.getSchema(`doc${ref}`);
  if (!check) throw new Error(`no schema at ${ref}`);
  return check(value) as boolean;
};
const bearer = { authorization: `Bearer ${TOKEN}` };
const jsonHeaders = { "content-type": "application/json" };

async function send(probe: Probe): Promise<void> {
  const res = await fetch(`${server.url}${probe.path}`, {
    method: probe.method.toUpperCase(),
    headers: probe.headers ?? {},
    ...(probe.body === undefined ? {} : { body: probe.body }),
  });
  const text = await res.text();
  const problems: string[] = [];
  const operation = doc.paths[probe.template ?? probe.path]?.[probe.method];
  const documented = operation?.responses[String(res.status)];
  if (!documented) problems.push(`status ${res.status} is not documented`);
  if (probe.valid === true && !(res.ok || probe.accepted?.includes(res.status)))
    problems.push(`valid per the document, answered ${res.status}: ${text.slice(0, 200)}`);
  if (probe.valid === false && !(probe.refused ?? [400, 422]).includes(res.status))
    problems.push(`invalid per the document, answered ${res.status}`);
  for (const [name, header] of Object.entries(documented?.headers ?? {})) {
    if (header.required && !res.headers.has(name)) problems.push(`required header ${name} missing`);
  }
  const media = documented?.content?.["application/json"];
  if (media && res.headers.get("content-type")?.includes("json")) {
    const ref =
      media.schema.$ref ??
      pointer([
        "paths",
        probe.template ?? probe.path,
        probe.method,
        "responses",
        String(res.status),
        "content",
        "application/json",
        "schema",
      ]);
    if (!validate(ref, JSON.parse(text)))
      problems.push(`body does not match the documented schema: ${text.slice(0, 200)}`);
  }
  results.push({ probe, status: res.status, problems });
}

/** Header values as HTTP carries them: surrounding white space is not part of a field value (RFC 9110). */
const headerValues = (schema: Schema) =>
  candidates(schema, resolve)
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim())
    .filter((v) => /^[\x20-\x7e]*$/.test(v));

beforeAll(async () => {
  h = await createHarness({ rateLimitPerSecond: 1_000_000 });
  // As served: post-call webhooks without a valid-looking signature are answered before the app.
  server = await startServer(h.app, {
    host: "127.0.0.1",
    port: 0,
    logger: createLogger("silent"),
    beforeApp: h.beforeApp,
  });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Doc;
  ajv.addSchema(doc as object, "doc");
});
afterAll(async () => {
  await server?.shutdown(1000);
  await h?.close();
});

describe("the OpenAPI document and the running server agree", () => {
  it("on every handoff body generated from the document, and its examples", async () => {
    const op = doc.paths["/ingest/oa-handoff"]!.post!;
    const media = op.requestBody!.content["application/json"]!;
    const schemaRef = media.schema.$ref!;
    const input = resolve(schemaRef);
    const examples = Object.values(media.examples ?? {}).map((e) => e.value as Record<string, unknown>);
    const base = examples.find((e) => Object.keys(e).length === 1)!;
    const probe = (name: string, body: unknown) =>
      send({
        name,
        path: "/ingest/oa-handoff",
        method: "post",
        headers: { ...jsonHeaders, ...bearer },
        body: JSON.stringify(body),
        valid: validate(schemaRef, body),
      });
    for (const [i, example] of examples.entries()) await probe(`example ${i}`, example);
    for (const [field, schema] of Object.entries(input.properties ?? {})) {
      const seen = examples.map((e) => e[field]).filter((v) => v !== undefined);
      for (const value of candidates(schema, resolve, seen)) {
        await probe(`${field}=${JSON.stringify(value).slice(0, 60)}`, { ...base, [field]: value });
      }
    }
    for (const field of input.required ?? []) {
      const { [field]: _left, ...rest } = examples[0]!;
      await probe(`without ${field}`, rest);
    }
    for (const body of [[], "text", 42, null, {}]) await probe(`body ${JSON.stringify(body)}`, body);
  });

  it("on the Idempotency-Key header's boundaries", async () => {
    const { schema } = doc.components.parameters.IdempotencyKey!;
    const ref = pointer(["components", "parameters", "IdempotencyKey", "schema"]);
    const body = JSON.stringify({ note: "Idempotency probe: caller's router keeps rebooting" });
    for (const key of [...headerValues(schema), "has space", "a b", '"quoted-key"', '""', "é-key"]) {
      if (!/^[\x20-\x7e]*$/.test(key)) continue;
      await send({
        name: `Idempotency-Key=${key.slice(0, 40)}`,
        path: "/ingest/oa-handoff",
        method: "post",
        headers: { ...jsonHeaders, ...bearer, "idempotency-key": key },
        body,
        valid: validate(ref, key),
      });
    }
  });

  it("on credentials: bearer, x-auth-token, and x-signature with x-timestamp at its boundaries", async () => {
    const body = JSON.stringify({ note: "Credential probe: no dial tone since this morning" });
    const { schema } = doc.components.parameters.XTimestamp!;
    const ref = pointer(["components", "parameters", "XTimestamp", "schema"]);
    const authProbe = (name: string, headers: Record<string, string>, valid: boolean) => {
      h.clock.now += 61_000; // a fresh failed-authentication window: the lockout is tested elsewhere
      return send({
        name,
        path: "/ingest/oa-handoff",
        method: "post",
        headers: { ...jsonHeaders, ...headers },
        body,
        valid,
        refused: [401, 403],
      });
    };
    await authProbe("no credentials", {}, false);
    await authProbe("bearer", bearer, true);
    await authProbe("rotated bearer", { authorization: `Bearer ${OTHER_TOKEN}` }, true);
    await authProbe("x-auth-token", { "x-auth-token": TOKEN }, true);
    await authProbe("wrong bearer", { authorization: "Bearer nope" }, false);
    const windowMs = 5 * 60_000;
    for (const make of [
      ...headerValues(schema).map((v) => () => v),
      () => String(h.clock.now),
      () => String(Math.floor(h.clock.now / 1000)),
      () => String(h.clock.now - windowMs - 1000),
      () => String(h.clock.now + windowMs - 1000),
    ]) {
      h.clock.now += 61_000;
      const timestamp = make();
      const ms = Number(timestamp) >= 1e11 ? Number(timestamp) : Number(timestamp) * 1000;
      const fresh = Math.abs(h.clock.now - ms) <= windowMs;
      const signed = hmacHeaders(body, timestamp);
      await send({
        name: `x-timestamp=${timestamp}`,
        path: "/ingest/oa-handoff",
        method: "post",
        headers: { ...jsonHeaders, ...signed, "x-timestamp": timestamp },
        body,
        valid: validate(ref, timestamp) && fresh,
        refused: [401, 403],
      });
    }
  });

  it("on post-call webhook bodies generated from the document, signed and unsigned", async () => {
    const op = doc.paths["/webhooks/elevenlabs/post-call"]!.post!;
    const media = op.requestBody!.content["application/json"]!;
    const schemaRef = media.schema.$ref!;
    const examples = Object.values(media.examples ?? {}).map((e) => e.value as Record<string, unknown>);
    const transcription = examples[0] as { type: string; data: Record<string, unknown> };
    const event = resolve("#/components/schemas/PostCallTranscription");
    const probe = (name: string, raw: string, signature?: string, valid?: boolean) =>
      send({
        name,
        path: "/webhooks/elevenlabs/post-call",
        method: "post",
        headers: {
          ...jsonHeaders,
          ...(signature === undefined ? {} : { "elevenlabs-signature": signature }),
        },
        body: raw,
        valid,
        // Without a signature the body is never read: the refusal is about credentials.
        refused: signature === undefined ? [401] : [400, 422],
      });
    const signed = (name: string, body: unknown) => {
      const raw = JSON.stringify(body);
      return probe(
        name,
        raw,
        elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)),
        validate(schemaRef, body),
      );
    };
    for (const [i, example] of examples.entries()) await signed(`example ${i}`, example);
    for (const value of candidates(event.properties!.type!, resolve)) {
      await signed(`type=${JSON.stringify(value)}`, { ...transcription, type: value });
    }
    const dataSchema = event.properties!.data!;
    for (const [field, schema] of Object.entries(dataSchema.properties ?? {})) {
      for (const value of candidates(schema, resolve, [transcription.data[field]].filter(Boolean))) {
        await signed(`data.${field}=${JSON.stringify(value).slice(0, 60)}`, {
          ...transcription,
          data: { ...transcription.data, [field]: value },
        });
      }
    }
    for (const body of [[], "text", 42, null, {}, { type: "post_call_transcription" }])
      await signed(`body ${JSON.stringify(body)}`, body);
    const raw = JSON.stringify(transcription);
    const now = Math.floor(h.clock.now / 1000);
    await probe("no signature", raw, undefined, false);
    for (const [name, signature] of [
      ["malformed signature", "garbage"],
      ["stale signature", elevenLabsSignature(raw, now - 31 * 60)],
      ["signature for another body", elevenLabsSignature("{}", now)],
    ] as const) {
      await send({
        name,
        path: "/webhooks/elevenlabs/post-call",
        method: "post",
        headers: { ...jsonHeaders, "elevenlabs-signature": signature },
        body: raw,
        valid: false,
        refused: [401, 403],
      });
    }
  });

  it("on handoff references, the open routes, and what the body reader refuses", async () => {
    const param = pointer(["paths", "/handoffs/{reference}", "get", "parameters", "0", "schema"]);
    const reference = resolve(param);
    for (const value of headerValues(reference)) {
      if (value === "") continue;
      await send({
        name: `reference=${value.slice(0, 40)}`,
        path: `/handoffs/${encodeURIComponent(value)}`,
        template: "/handoffs/{reference}",
        method: "get",
        headers: bearer,
        valid: validate(param, value),
        accepted: [404],
      });
    }
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"])
      await send({ name: path, path, method: "get" });
    const handoff = { path: "/ingest/oa-handoff", method: "post" as const };
    await send({
      ...handoff,
      name: "not JSON",
      headers: { "content-type": "text/plain", ...bearer },
      body: "hello",
    });
    await send({
      ...handoff,
      name: "malformed JSON",
      headers: { ...jsonHeaders, ...bearer },
      body: "{",
      valid: false,
    });
    await send({
      ...handoff,
      name: "too large",
      headers: { ...jsonHeaders, ...bearer },
      body: JSON.stringify({ note: "x".repeat(h.config.bodyLimitBytes) }),
    });
  });

  it("on the answers of a queued handoff: its reference, its post-call summary, and after delivery", async () => {
    const body = JSON.stringify({
      note: "Queue probe: line dead since the storm",
      conversationId: "conv_queue_probe",
    });
    const event = JSON.stringify({
      type: "post_call_transcription",
      data: { conversation_id: "conv_queue_probe", analysis: { transcript_summary: "Line dead." } },
    });
    const postCall = (name: string) =>
      send({
        name,
        path: "/webhooks/elevenlabs/post-call",
        method: "post",
        headers: {
          ...jsonHeaders,
          "elevenlabs-signature": elevenLabsSignature(event, Math.floor(h.clock.now / 1000)),
        },
        body: event,
        valid: true,
      });
    h.helpdesk.faults.set({ outage: true });
    const res = await fetch(`${server.url}/ingest/oa-handoff`, {
      method: "POST",
      headers: { ...jsonHeaders, ...bearer },
      body,
    });
    const queued = (await res.json()) as { outcome: string; reference: string };
    expect(queued.outcome).toBe("queued");
    const lookup = (name: string) =>
      send({
        name,
        path: `/handoffs/${queued.reference}`,
        template: "/handoffs/{reference}",
        method: "get",
        headers: bearer,
        valid: true,
      });
    await lookup("a queued reference");
    await postCall("post-call for a queued handoff");
    h.helpdesk.faults.reset();
    await h.runtime.deliverer.deliverDue();
    await lookup("a delivered reference");
    await postCall("post-call again after delivery");
    expect(results.slice(-4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it("on the failed-authentication lockout: 429 with Retry-After", async () => {
    h.clock.now += 61_000;
    for (let i = 0; i < 31; i++) {
      await send({
        name: `wrong token ${i}`,
        path: "/ingest/oa-handoff",
        method: "post",
        headers: { ...jsonHeaders, authorization: "Bearer wrong" },
        body: "{}",
        valid: false,
        refused: [403, 429],
      });
    }
    expect(results.at(-1)?.status).toBe(429);
    h.clock.now += 61_000;
  });

  // The categories of issue #16's 47-probe run, where the hand-written document and the server
  // disagreed; each is now stated by the document and answered accordingly.
  const handoffProbes: [string, Record<string, unknown>, boolean, Record<string, string>?][] = [
    ["free text without confidence", { note: "Internet keeps dropping, caller wants a person" }, true],
    ["a note that is short after trimming", { note: "   too short      " }, false],
    ["an oaKey with spaces", { note: "Outage probe: no sync light", oaKey: "North Zone 3" }, true],
    [
      "a caller number over 64 characters",
      {
        note: "Caller probe: slow speeds",
        callerNumber: `+1 415 555 0123${" ".repeat(40)}x${"9".repeat(10)}`,
      },
      false,
    ],
    [
      "a 64-character caller number of digits and spaces",
      { note: "Caller probe: slow speeds", callerNumber: `+1 415${" ".repeat(50)}555 0123` },
      true,
    ],
    [
      "a 65-character caller number of digits and spaces",
      { note: "Caller probe: slow speeds", callerNumber: `+1 415${" ".repeat(51)}555 0123` },
      false,
    ],
    [
      "a conversation id over 200 characters",
      { note: "Conversation probe: no TV", conversationId: "c".repeat(201) },
      false,
    ],
    [
      "a conversation id of 200 characters",
      { note: "Conversation probe: no TV", conversationId: "c".repeat(200) },
      true,
    ],
    ["confidence above 1", { note: "Confidence probe: modem blinking", confidence: 1.5 }, false],
    ["confidence below 0", { note: "Confidence probe: modem blinking", confidence: -0.1 }, false],
    [
      "confidence as a percentage over 100",
      { note: "Confidence probe: modem blinking", confidence: "150%" },
      false,
    ],
    ["confidence as a percentage", { note: "Confidence probe: modem blinking", confidence: "85%" }, true],
    ["lowercase wifi", { note: "Category probe: the wifi drops", category: "wifi" }, true],
    [
      "caller requested, spaced and lowercase",
      { note: "Reason probe: wants a person", escalationReason: "caller requested" },
      true,
    ],
    ["an unknown category", { note: "Category probe: the sink leaks", category: "Plumbing" }, false],
    [
      "an Idempotency-Key with a space",
      { note: "Key probe: router reboots nightly" },
      false,
      { "idempotency-key": "has space" },
    ],
  ];
  it.each(handoffProbes)("issue #16 probe: %s", async (name, body, expected, headers = {}) => {
    const schemaRef =
      doc.paths["/ingest/oa-handoff"]!.post!.requestBody!.content["application/json"]!.schema.$ref!;
    const key = headers["idempotency-key"];
    const valid =
      validate(schemaRef, body) &&
      (key === undefined || validate(pointer(["components", "parameters", "IdempotencyKey", "schema"]), key));
    expect(valid, "the document's verdict").toBe(expected);
    await send({
      name,
      path: "/ingest/oa-handoff",
      method: "post",
      headers: { ...jsonHeaders, ...bearer, ...headers },
      body: JSON.stringify(body),
      valid,
    });
    expect(results.at(-1)?.problems).toEqual([]);
  });

  it("on a replayed Idempotency-Key: the documented Idempotent-Replayed header", async () => {
    const body = JSON.stringify({ note: "Replay probe: the modem lights are all red" });
    const headers = { ...jsonHeaders, ...bearer, "idempotency-key": "replay-probe-1" };
    const first = await fetch(`${server.url}/ingest/oa-handoff`, { method: "POST", headers, body });
    const again = await fetch(`${server.url}/ingest/oa-handoff`, { method: "POST", headers, body });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(doc.paths["/ingest/oa-handoff"]!.post!.responses["200"]!.headers).toHaveProperty(
      "Idempotent-Replayed",
    );
  });

  it("with 0 mismatches over all probes", () => {
    const mismatches = results
      .filter((r) => r.problems.length > 0)
      .map(
        (r) =>
          `${r.probe.method.toUpperCase()} ${r.probe.path} [${r.probe.name}] → ${r.status}: ${r.problems.join("; ")}`,
      );
    const valid = results.filter((r) => r.probe.valid === true).length;
    const invalid = results.filter((r) => r.probe.valid === false).length;
    const summary = `spec conformance: ${results.length} probes (${valid} valid, ${invalid} invalid), ${mismatches.length} mismatches`;
    expect(mismatches, summary).toEqual([]);
    expect(valid).toBeGreaterThan(50);
    expect(invalid).toBeGreaterThan(50);
  });
});
