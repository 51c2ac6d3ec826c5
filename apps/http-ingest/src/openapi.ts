import { handoffInputSchemaFor, handoffResultSchema, type Taxonomy } from "@ispn/core";
import { z } from "zod";
import { idempotencyKeyHeaderSchema } from "./idempotency.ts";
import {
  errorBodySchema,
  handoffStatusBodySchema,
  healthBodySchema,
  postCallAnswerSchema,
  readinessBodySchema,
} from "./response-schemas.ts";
import { transcriptionEvent } from "./routes/post-call-route.ts";

// The OpenAPI 3.1 document, generated from the zod schemas the server validates with (zod 4's
// `z.toJSONSchema`): request bodies and headers as the server *accepts* them (`io: "input"`, before
// any trimming or lenient reading), answers as it *sends* them (`io: "output"`). What is written here
// by hand is only what no schema holds: paths, statuses and their meaning, headers set by middleware.
// `openapi.test.ts` checks every route the app registers is here; `openapi.conformance.test.ts`
// sends the document's examples and boundary cases to a running server and compares.
//
// Why not @hono/zod-openapi (1.6, zod 4) or hono-openapi (1.3, Standard Schema): both document what a
// route's validator middleware checks, but the handoff body is validated by core's `prepareHandoff`
// (shared with MCP, taxonomy-aware), and the headers by auth, rate-limit and idempotency code, not by
// per-route validators. @hono/zod-openapi would rewrite every route as `app.openapi(createRoute(…))`
// on OpenAPIHono; hono-openapi would add a `describeRoute` middleware per route and four dependencies
// for the same `z.toJSONSchema` call. Here the route code stays as it is; what keeps the document
// true is that each zod schema states every rule it checks.

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const ref = (kind: "schemas" | "parameters", name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});
const json = (schema: object) => ({ "application/json": { schema } });

/** Response headers, by name; `required` where every answer of that status carries it. */
const HEADERS = {
  "X-Request-Id": {
    description:
      "This request's id (the client's X-Request-Id when it sent a usable one); also in error bodies",
    schema: { type: "string" },
  },
  RateLimit: {
    description: 'IETF RateLimit header: requests left in this one-second window, e.g. `"default";r=9;t=1`',
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description: 'IETF RateLimit-Policy header: the quota per window, e.g. `"default";q=10;w=1`',
    schema: { type: "string" },
  },
  "Retry-After": {
    description: "Seconds to wait before retrying",
    schema: { type: "string", pattern: "^[1-9][0-9]*$" },
  },
  "Idempotent-Replayed": {
    description: '"true" when this answer is the stored answer of an earlier request with the same key',
    schema: { type: "string", const: "true" },
  },
  Allow: { description: "The methods this path answers", schema: { type: "string" } },
} as const;
type HeaderName = keyof typeof HEADERS;

// Inline, not `$ref`s: a Reference Object may not carry `required`.
function headers(required: HeaderName[], optional: HeaderName[] = []) {
  return Object.fromEntries([
    ["X-Request-Id", { ...HEADERS["X-Request-Id"], required: true }],
    ...required.map((name) => [name, { ...HEADERS[name], required: true }]),
    ...optional.map((name) => [name, HEADERS[name]]),
  ]);
}

function errorResponse(
  status: number,
  description: string,
  required: HeaderName[] = [],
  optional: HeaderName[] = [],
) {
  return {
    description,
    headers: headers(required, optional),
    content: json(jsonSchema(errorBodySchema(status), "output")),
  };
}

/** Answered by middleware before a POST route runs (the JSON body reader, method and encoding checks). */
const BODY_ERRORS = {
  "405": errorResponse(405, "Another method than POST on this path; Allow names the methods", ["Allow"]),
  "413": errorResponse(413, "The body is larger than the configured limit"),
  "415": errorResponse(
    415,
    "The body is not JSON (send Content-Type: application/json) or has an unsupported Content-Encoding",
  ),
};
const INTERNAL = {
  "500": errorResponse(500, "An unexpected error; retry shortly (the request id is logged)"),
};

const INGEST_SECURITY = [{ bearer: [] }, { authToken: [] }, { hmacSignature: [], hmacTimestamp: [] }];
const INGEST_AUTH_ERRORS = {
  "401": errorResponse(
    401,
    "No credentials: send Authorization: Bearer, x-auth-token, or x-signature with x-timestamp",
  ),
  "403": errorResponse(
    403,
    "Wrong token; or a signature that does not match the body, was already used, or whose x-timestamp is malformed or more than 5 minutes off",
  ),
  "429": errorResponse(
    429,
    "More requests per second than allowed for this client, or too many failed authentications from this address",
    ["Retry-After"],
    ["RateLimit", "RateLimit-Policy"],
  ),
};
const RATE_LIMIT_HEADERS: HeaderName[] = ["RateLimit", "RateLimit-Policy"];

/** The OpenAPI 3.1 document for `taxonomy` (the lists a deployment accepts) and the app's `version`. */
export function buildOpenApi(taxonomy: Taxonomy, version: string, options: { mcp?: boolean } = {}): object {
  const handoffInput = jsonSchema(handoffInputSchemaFor(taxonomy), "input");
  const postCallEvent = jsonSchema(transcriptionEvent, "input");

  return {
    openapi: "3.1.0",
    info: {
      title: "ISPN Helpdesk Bridge — handoff ingest",
      version,
      description:
        'Voice-agent handoffs become deduplicated helpdesk tickets. Authenticate with a bearer token (or x-auth-token), or sign requests with x-signature + x-timestamp. Only `note` is required; what a voice agent\'s LLM fills in is read leniently (placeholder outage keys mean none, withheld caller ids mean no number, taxonomy values in any case and spacing, confidence defaults), and the ticket shows the values as sent. The schemas say what the server accepts, before trimming. The answer is a superset of the original bridge\'s (`status: "ok"`, `created`, `confidence` as a string, `echo`). Every answer carries X-Request-Id; errors are `{ "error": { "code", "message", "requestId" } }`.',
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Authorization: Bearer <ingest token>" },
        ...(options.mcp
          ? {
              mcpToken: {
                type: "http",
                scheme: "bearer",
                description: "Authorization: Bearer <a person's MCP token> (MCP_TOKENS_FILE / MCP_TOKENS)",
              },
            }
          : {}),
        authToken: { type: "apiKey", in: "header", name: "x-auth-token", description: "The ingest token" },
        hmacSignature: {
          type: "apiKey",
          in: "header",
          name: "x-signature",
          description:
            "sha256=<hex HMAC-SHA256 with the shared secret of x-timestamp immediately followed by the raw body>. Each signature is accepted once. Send with x-timestamp.",
        },
        hmacTimestamp: {
          type: "apiKey",
          in: "header",
          name: "x-timestamp",
          description:
            "Unix time in seconds, or in milliseconds as the original bridge signed with Date.now(); within 5 minutes of the server's clock.",
        },
        elevenLabsSignature: {
          type: "apiKey",
          in: "header",
          name: "ElevenLabs-Signature",
          description:
            "t=<unix seconds>,v0=<hex HMAC-SHA256 with the webhook secret of `<t>.<raw body>`>, within 30 minutes; several v0= entries are accepted (secret rotation).",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          ...headerParameter(idempotencyKeyHeaderSchema),
        },
        XTimestamp: {
          name: "x-timestamp",
          in: "header",
          required: false,
          description:
            "With x-signature: Unix time in seconds or milliseconds (digits only), within 5 minutes of the server's clock; otherwise 403.",
          schema: { type: "string", pattern: "^[0-9]{1,16}$", examples: ["1767225600000"] },
        },
        XRequestId: {
          name: "X-Request-Id",
          in: "header",
          required: false,
          description:
            "Your own id for this request (letters, digits, _ - =, at most 255), echoed in the answer and the logs; any other value is replaced by a generated one.",
          schema: { type: "string" },
        },
        ElevenLabsSignature: {
          name: "ElevenLabs-Signature",
          in: "header",
          required: true,
          description:
            "t=<unix seconds>,v0=<hex signature>. Missing: 401; malformed, older than 30 minutes or not matching the body: 403.",
          schema: { type: "string", examples: ["t=1767225600,v0=5f2b…"] },
        },
      },
      schemas: {
        HandoffInput: handoffInput,
        HandoffResult: jsonSchema(handoffResultSchema, "output"),
        HandoffStatus: jsonSchema(handoffStatusBodySchema, "output"),
        PostCallTranscription: postCallEvent,
        PostCallBody: {
          description:
            "Any JSON; a post_call_transcription event must have data.conversation_id (other event types are acknowledged and ignored).",
          anyOf: [
            ref("schemas", "PostCallTranscription"),
            {
              not: {
                type: "object",
                required: ["type"],
                properties: { type: { const: "post_call_transcription" } },
              },
            },
          ],
        },
        PostCallAnswer: jsonSchema(postCallAnswerSchema, "output"),
        Health: jsonSchema(healthBodySchema, "output"),
        Readiness: jsonSchema(readinessBodySchema, "output"),
      },
    },
    paths: {
      "/ingest/oa-handoff": {
        post: {
          operationId: "handoff",
          summary: "Find or create the deduplicated ticket for a voice-agent handoff",
          description:
            "The original bridge's route and body, unchanged. Idempotent by Idempotency-Key, or by the body's conversationId when there is no key.",
          security: INGEST_SECURITY,
          parameters: [
            ref("parameters", "IdempotencyKey"),
            ref("parameters", "XTimestamp"),
            ref("parameters", "XRequestId"),
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("schemas", "HandoffInput"),
                examples: {
                  fourLineNote: {
                    summary: "The original bridge's documented request",
                    value: {
                      note: "Category: WiFi\nReason: CallerRequested\nSummary: Customer unable to connect\nConfidence: 0.85",
                      category: "WiFi",
                      escalationReason: "CallerRequested",
                      confidence: "0.85",
                      callerNumber: "+12345678900",
                      oaKey: "oa-12345",
                      source: "OutageAgent",
                    },
                  },
                  freeText: {
                    summary: "Free text only, as an LLM may send it",
                    value: { note: "Internet keeps dropping, caller wants a person" },
                  },
                  lenient: {
                    summary: "Values as a voice agent's template fills them in",
                    value: {
                      note: "Caller's wifi drops every evening since the outage",
                      category: "wifi",
                      escalationReason: "caller requested",
                      confidence: "85%",
                      callerNumber: "{{system__caller_id}}",
                      oaKey: "North Zone 3",
                      conversationId: "conv_01jxyz",
                    },
                  },
                },
              },
            },
          },
          responses: {
            "200": {
              description:
                'The ticket: `status` "ok", `outcome` "created" (new ticket), "existing" (joined an open ticket as a note) or "queued" (kept under `reference`, delivered later), `created` true/false, `confidence` as a string such as "0.85", and `spokenSummary` to read to the caller',
              headers: headers(RATE_LIMIT_HEADERS, ["Idempotent-Replayed"]),
              content: json(ref("schemas", "HandoffResult")),
            },
            "400": errorResponse(
              400,
              "The body is not valid JSON, a field failed validation (`details` names each field), or the Idempotency-Key is malformed",
              [],
              RATE_LIMIT_HEADERS,
            ),
            ...INGEST_AUTH_ERRORS,
            ...BODY_ERRORS,
            "409": errorResponse(409, "The first request with this Idempotency-Key is still running", [
              "Retry-After",
              ...RATE_LIMIT_HEADERS,
            ]),
            "422": errorResponse(
              422,
              "This Idempotency-Key was used with a different body",
              RATE_LIMIT_HEADERS,
            ),
            ...INTERNAL,
            "502": errorResponse(
              502,
              "The helpdesk refused the request: its settings need an administrator",
              [],
              RATE_LIMIT_HEADERS,
            ),
            "503": errorResponse(
              503,
              "The helpdesk or the store is unavailable or slow and the handoff could not be queued; retry after Retry-After with the same Idempotency-Key",
              ["Retry-After"],
              RATE_LIMIT_HEADERS,
            ),
          },
        },
      },
      "/handoffs/{reference}": {
        get: {
          operationId: "handoffStatus",
          summary: "What became of a queued handoff",
          security: INGEST_SECURITY,
          parameters: [
            {
              name: "reference",
              in: "path",
              required: true,
              description:
                "The reference a queued handoff answered with: H and six letters or digits; case, spaces and dashes are ignored",
              schema: {
                type: "string",
                pattern: "^[\\s-]*[Hh](?:[\\s-]*[0-9A-Za-z]){6}[\\s-]*$",
                examples: ["H-7KQ3XM"],
              },
            },
            ref("parameters", "XRequestId"),
          ],
          responses: {
            "200": {
              description: "queued (attempts, last error) or delivered (the ticket)",
              headers: headers(RATE_LIMIT_HEADERS),
              content: json(ref("schemas", "HandoffStatus")),
            },
            "400": errorResponse(
              400,
              "Not a handoff reference (H- and six letters or digits)",
              RATE_LIMIT_HEADERS,
            ),
            ...INGEST_AUTH_ERRORS,
            "404": errorResponse(404, "No queued handoff has this reference", RATE_LIMIT_HEADERS),
            ...INTERNAL,
            "503": errorResponse(503, "The store is unavailable", ["Retry-After"], RATE_LIMIT_HEADERS),
          },
        },
      },
      "/webhooks/elevenlabs/post-call": {
        post: {
          operationId: "postCall",
          summary: "ElevenLabs post-call webhook: adds the call summary to the conversation's ticket",
          description:
            "Signed with ElevenLabs-Signature over the raw body. For post_call_transcription the summary is added to the ticket of data.conversation_id at most once; other event types are acknowledged.",
          security: [{ elevenLabsSignature: [] }],
          parameters: [ref("parameters", "ElevenLabsSignature"), ref("parameters", "XRequestId")],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("schemas", "PostCallBody"),
                examples: {
                  transcription: {
                    summary: "A finished call",
                    value: {
                      type: "post_call_transcription",
                      data: {
                        conversation_id: "conv_01jxyz",
                        metadata: { call_duration_secs: 95 },
                        analysis: {
                          call_successful: "success",
                          transcript_summary: "Caller's wifi drops nightly.",
                        },
                      },
                    },
                  },
                  otherEvent: {
                    summary: "Another event type (ignored)",
                    value: { type: "post_call_audio", data: {} },
                  },
                },
              },
            },
          },
          responses: {
            "200": {
              description:
                "recorded, already_recorded, queued (kept with the queued handoff), no_ticket, or ignored",
              headers: headers([]),
              content: json(ref("schemas", "PostCallAnswer")),
            },
            "400": errorResponse(
              400,
              "The body is not valid JSON, or a post_call_transcription without data.conversation_id",
            ),
            "401": errorResponse(401, "No ElevenLabs-Signature header"),
            "403": errorResponse(
              403,
              "The signature is malformed, older than 30 minutes or does not match the body; or post-call webhooks are not configured (ELEVENLABS_WEBHOOK_SECRETS)",
            ),
            "404": errorResponse(404, "The conversation's ticket no longer exists in the helpdesk"),
            ...BODY_ERRORS,
            "409": errorResponse(409, "The same conversation's summary is being recorded right now", [
              "Retry-After",
            ]),
            ...INTERNAL,
            "502": errorResponse(502, "The helpdesk refused the note: its settings need an administrator"),
            "503": errorResponse(503, "The helpdesk or the store is unavailable; ElevenLabs retries", [
              "Retry-After",
            ]),
          },
        },
      },
      "/healthz": {
        get: {
          operationId: "health",
          summary: "Liveness: the process answers",
          responses: {
            "200": { description: "Alive", headers: headers([]), content: json(ref("schemas", "Health")) },
            ...INTERNAL,
          },
        },
      },
      "/readyz": {
        get: {
          operationId: "ready",
          summary: "Readiness: the store can keep handoffs (the helpdesk failing is `degraded`, still 200)",
          responses: {
            "200": {
              description: "Ready or degraded",
              headers: headers([]),
              content: json(ref("schemas", "Readiness")),
            },
            "503": {
              description: "Not ready: the store is down or the server is draining",
              headers: headers([]),
              content: json(ref("schemas", "Readiness")),
            },
            ...INTERNAL,
          },
        },
      },
      "/metrics": {
        get: {
          operationId: "metrics",
          summary: "Prometheus metrics",
          responses: {
            "200": {
              description: "Prometheus text exposition format",
              headers: headers([]),
              content: { "text/plain": { schema: { type: "string" } } },
            },
            ...INTERNAL,
          },
        },
      },
      ...(options.mcp ? mcpPaths() : {}),
      "/openapi.json": {
        get: {
          operationId: "openapi",
          summary: "This document",
          responses: {
            "200": { description: "OpenAPI 3.1", headers: headers([]), content: json({ type: "object" }) },
            ...INTERNAL,
          },
        },
      },
    },
  };
}

/** JSON-RPC error answers of `/mcp` (the MCP transport's own form, not this API's error body). */
function jsonRpcErrorResponse(description: string, extraHeaders: Record<string, object> = {}) {
  return {
    description,
    headers: extraHeaders,
    content: json({
      type: "object",
      required: ["jsonrpc", "error", "id"],
      properties: {
        jsonrpc: { const: "2.0" },
        error: {
          type: "object",
          required: ["code", "message"],
          properties: { code: { type: "integer" }, message: { type: "string" } },
        },
        id: { type: "null" },
      },
    }),
  };
}

/** Remote MCP (present when MCP tokens are configured): its protocol is MCP's, described there. */
function mcpPaths() {
  return {
    "/mcp": {
      post: {
        operationId: "mcp",
        summary:
          "Remote MCP over Streamable HTTP (spec 2025-11-25), stateless: one JSON-RPC message per POST",
        description:
          "The MCP protocol itself is described by the MCP specification; tools/list shows the tools the token's scopes allow. GET and DELETE answer 405 (no sessions, no server-sent stream).",
        security: [{ mcpToken: [] }],
        requestBody: {
          required: true,
          content: json({ type: "object", description: "A JSON-RPC 2.0 request or notification" }),
        },
        responses: {
          "200": { description: "The JSON-RPC answer", content: json({ type: "object" }) },
          "202": { description: "A notification was accepted (no body)" },
          "400": jsonRpcErrorResponse("The body is not JSON (-32700) or not a JSON-RPC message"),
          "401": jsonRpcErrorResponse("No or unknown MCP token", {
            "WWW-Authenticate": {
              description: 'Bearer resource_metadata="<the RFC 9728 metadata URL>"',
              required: true,
              schema: { type: "string" },
            },
          }),
          "403": jsonRpcErrorResponse("The Host or Origin is not allowed for /mcp"),
          "405": jsonRpcErrorResponse("GET or DELETE: this server is stateless", {
            Allow: { ...HEADERS.Allow, required: true },
          }),
          "413": jsonRpcErrorResponse("The message is larger than MCP_BODY_LIMIT_BYTES"),
        },
      },
    },
    "/.well-known/oauth-protected-resource/mcp": {
      get: {
        operationId: "mcpProtectedResource",
        summary:
          "OAuth 2.0 protected-resource metadata (RFC 9728) of /mcp (also at /.well-known/oauth-protected-resource)",
        responses: {
          "200": {
            description: "resource, scopes_supported, bearer_methods_supported, authorization_servers",
            content: json({ type: "object", required: ["resource"] }),
          },
        },
      },
    },
  };
}

/** A header parameter's `description`, `schema` and `examples` from its zod schema (as sent). */
function headerParameter(schema: z.ZodType): { description?: string; schema: JsonSchema } {
  const { description, ...rest } = jsonSchema(schema, "input");
  return { ...(typeof description === "string" ? { description } : {}), schema: rest };
}
