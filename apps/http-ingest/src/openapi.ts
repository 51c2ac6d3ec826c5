import { handoffInputSchema, handoffResultSchema, type Taxonomy } from "@ispn/core";
import { z } from "zod";
import { STATUS_BY_CODE } from "./http-errors.ts";

const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(STATUS_BY_CODE) as [string, ...string[]]),
    message: z.string(),
    requestId: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

const jsonSchema = (schema: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(taxonomy: Taxonomy, version: string): object {
  const input = jsonSchema(handoffInputSchema, "input") as {
    properties: Record<string, Record<string, unknown>>;
  };
  input.properties.category = { ...input.properties.category, enum: [...taxonomy.categories, null] };
  input.properties.escalationReason = {
    ...input.properties.escalationReason,
    enum: [...taxonomy.escalationReasons, null],
  };
  input.properties.source = { ...input.properties.source, enum: [...taxonomy.sources, null] };
  return {
    openapi: "3.1.0",
    info: {
      title: "ISPN Helpdesk Bridge — handoff ingest",
      version,
      description:
        "Voice-agent handoffs become deduplicated helpdesk tickets. Authenticate with a bearer token (or x-auth-token), or sign requests with x-signature + x-timestamp. Only `note` is required; what a voice agent's LLM fills in is read leniently (placeholder outage keys mean none, withheld caller ids mean no number, confidence defaults), and the ticket shows the values as sent. The answer is a superset of the original bridge's (`status: \"ok\"`, `created`, `confidence` as a string, `echo`).",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        authToken: { type: "apiKey", in: "header", name: "x-auth-token" },
        signature: {
          type: "apiKey",
          in: "header",
          name: "x-signature",
          description:
            "sha256=<hex HMAC-SHA256 of x-timestamp + raw body>. x-timestamp is Unix time in seconds or in milliseconds (as the original bridge signed with Date.now()), within 5 minutes; each signature is accepted once.",
        },
      },
      schemas: {
        HandoffInput: input,
        HandoffResult: jsonSchema(handoffResultSchema),
        Error: jsonSchema(errorSchema),
      },
    },
    paths: {
      "/ingest/oa-handoff": {
        post: {
          summary: "Find or create the deduplicated ticket for a voice-agent handoff",
          security: [{ bearer: [] }, { authToken: [] }, { signature: [] }],
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", maxLength: 255 },
              description:
                "Retries with the same key replay the first answer (15 minutes). Without it, conversationId serves.",
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/HandoffInput" } } },
          },
          responses: {
            "200": {
              description:
                'The ticket: `status` "ok", `outcome` "created" (new ticket) or "existing" (joined an open ticket as a note), `created` true/false, `confidence` as a string such as "0.85", and `spokenSummary` to read to the caller',
              content: { "application/json": { schema: { $ref: "#/components/schemas/HandoffResult" } } },
            },
            "400": errorResponse("Invalid JSON or a field failed validation; `details` names each field"),
            "401": errorResponse("No credentials"),
            "403": errorResponse("Wrong credentials"),
            "409": errorResponse("The first request with this Idempotency-Key is still running"),
            "413": errorResponse("Body too large"),
            "415": errorResponse("Body is not JSON"),
            "422": errorResponse("Idempotency-Key reused with a different body"),
            "429": errorResponse("Rate limited; see Retry-After"),
            "503": errorResponse("Helpdesk or store unavailable or slow; retry after Retry-After"),
          },
        },
      },
      "/webhooks/elevenlabs/post-call": {
        post: {
          summary: "ElevenLabs post-call webhook (signed with ElevenLabs-Signature)",
          responses: {
            "200": { description: "Recorded, already recorded, ignored, or no ticket for the conversation" },
            "401": errorResponse("No signature"),
            "403": errorResponse("Signature wrong or expired"),
          },
        },
      },
      "/healthz": { get: { summary: "Liveness", responses: { "200": { description: "Alive" } } } },
      "/readyz": {
        get: {
          summary: "Readiness: store and helpdesk reachable",
          responses: { "200": { description: "Ready" }, "503": { description: "Not ready" } },
        },
      },
      "/metrics": {
        get: {
          summary: "Prometheus metrics",
          responses: { "200": { description: "Text exposition format" } },
        },
      },
    },
  };
}
