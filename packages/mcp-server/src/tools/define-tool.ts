import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ShapeOutput } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { CallToolResult, ResourceLink, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Actor, RequestInfo } from "../actor.ts";
import { auditWrite } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { errorCode, toolErrorText } from "../tool-errors.ts";
import { toolScope } from "../tool-scopes.ts";

/** Claude's and ElevenLabs' tool-name rule (stricter than MCP's: no dots, dashes or capitals). */
export const TOOL_NAME = /^[a-z0-9_]{1,64}$/;

/** What a tool call gets besides its arguments. */
export interface ToolCall {
  /** Aborts when the client cancels or the call's budget runs out; pass it to every helpdesk call. */
  signal: AbortSignal;
  /** Who calls (see `Actor`); absent over stdio. */
  actor?: Actor;
}

/** One tool: metadata for the model, schemas, and the function that does the work. */
export interface ToolSpec<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  name: string;
  title: string;
  /** Written for the model: when to use the tool, what it does, what it returns. */
  description: string;
  input: I;
  output: O;
  /** Every hint explicitly (the spec's defaults are the unsafe ones). */
  annotations: Required<
    Pick<ToolAnnotations, "readOnlyHint" | "destructiveHint" | "idempotentHint" | "openWorldHint">
  >;
  /** Returns the structured result, or throws; errors are mapped by `tool-errors.ts`. */
  run(args: ShapeOutput<I>, call: ToolCall): Promise<z.output<z.ZodObject<O>>>;
  /** Resource links to add after the JSON text (e.g. attachments to read as resources). */
  links?(value: z.output<z.ZodObject<O>>): ResourceLink[];
}

/** The result of a successful call: `structuredContent` plus its JSON text mirror. */
export function structuredResult(value: object): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(value) }],
    structuredContent: value as Record<string, unknown>,
  };
}

/**
 * Registers a tool whose failures come back as `isError` results with advice for the model, whose
 * helpdesk calls are bounded by the call budget, and which logs only its name, outcome and timing
 * (never arguments: they may carry caller numbers and note bodies). A tool that is not `read` scope
 * is a write: each call, success or failure, goes to the audit log. Returns `undefined` when the
 * server does not offer the tool (`ctx.offers`): it is not registered at all.
 */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  server: McpServer,
  ctx: ServerContext,
  spec: ToolSpec<I, O>,
): RegisteredTool | undefined {
  if (!TOOL_NAME.test(spec.name)) throw new Error(`tool name "${spec.name}" does not match ${TOOL_NAME}`);
  // a tool missing from TOOL_SCOPES is treated as a write (audited, offered to write tokens only);
  // tool-scopes.test.ts makes sure none is missing
  const scope = toolScope(spec.name) ?? "write";
  if (ctx.offers && !ctx.offers(spec.name)) return undefined;
  const audited = scope !== "read";
  const config = {
    title: spec.title,
    description: spec.description,
    inputSchema: spec.input,
    outputSchema: spec.output,
    annotations: { title: spec.title, ...spec.annotations },
  };
  const handler = async (
    args: ShapeOutput<I>,
    extra: RequestInfo & { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    const started = performance.now();
    const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(ctx.callTimeoutMs)]);
    const actor = ctx.actorOf(extra);
    try {
      const value = await spec.run(args, actor ? { signal, actor } : { signal });
      ctx.logger.info({ tool: spec.name, outcome: "ok", ms: elapsed(started) }, "tool call");
      if (audited)
        await auditWrite(ctx, { tool: spec.name, actor, args: args as Record<string, unknown>, value });
      const result = structuredResult(value);
      if (spec.links) result.content.push(...spec.links(value));
      return result;
    } catch (error) {
      const code = errorCode(error);
      const fields = { tool: spec.name, outcome: "error", code, ms: elapsed(started) };
      if (code === "unexpected") ctx.logger.error({ ...fields, err: error }, "tool call failed unexpectedly");
      else ctx.logger.warn(fields, "tool call refused");
      if (audited)
        await auditWrite(ctx, { tool: spec.name, actor, args: args as Record<string, unknown>, code });
      const ticketId = (args as { ticketId?: unknown }).ticketId;
      const text = await toolErrorText(error, {
        tool: spec.name,
        timeoutMs: ctx.callTimeoutMs,
        validValues: (kind) => ctx.metadata.names(kind),
        ...(typeof ticketId === "string" ? { ticketId } : {}),
      });
      return { content: [{ type: "text", text }], isError: true };
    }
  };
  // The SDK's callback type is conditional on the schema generics; this is the same function.
  return server.registerTool(spec.name, config, handler as never);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
