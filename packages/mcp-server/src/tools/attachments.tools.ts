import { DEFAULT_ATTACHMENT_MAX_BYTES, formatBytes, type RequestWork } from "@ispn/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { attachmentLink, attachmentUri } from "../attachment-uri.ts";
import type { ServerContext } from "../context.ts";
import { ToolInputError } from "../tool-errors.ts";
import { attachmentSchema } from "../work-output-schemas.ts";
import { defineTool } from "./define-tool.ts";
import { ticketIdField } from "./ticket-fields.ts";

/** Base64 of the default upload limit, plus padding: larger input is refused by the schema. */
const MAX_BASE64 = Math.ceil(DEFAULT_ATTACHMENT_MAX_BYTES / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of an upload from `text` or `contentBase64` (exactly one). */
function bytesOf(args: { text?: string | undefined; contentBase64?: string | undefined }): Uint8Array {
  if ((args.text === undefined) === (args.contentBase64 === undefined)) {
    throw new ToolInputError([
      {
        path: "contentBase64",
        message: "give exactly one of text (a text file) or contentBase64 (any file)",
      },
    ]);
  }
  if (args.text !== undefined) return new TextEncoder().encode(args.text);
  const clean = (args.contentBase64 ?? "").replace(/\s+/g, "");
  if (!BASE64.test(clean) || clean.length % 4 !== 0) {
    throw new ToolInputError([
      {
        path: "contentBase64",
        message: "is not base64 (A–Z, a–z, 0–9, +, / and = padding; length a multiple of 4)",
      },
    ]);
  }
  return new Uint8Array(Buffer.from(clean, "base64"));
}

/** Attachment tools: list a ticket's files (as resource links) and upload one. */
export function registerAttachmentTools(server: McpServer, ctx: ServerContext, work: RequestWork): void {
  defineTool(server, ctx, {
    name: "ticket_attachment_list",
    title: "List a ticket's attachments",
    description:
      "Lists the files attached to a ticket (name, content type, size). Each comes with a resource link (uri helpdesk://tickets/{ticketId}/attachments/{id}); read that resource to get the file's bytes.",
    input: { ticketId: ticketIdField },
    output: { attachments: z.array(attachmentSchema) },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { signal }) {
      const found = await work.listAttachments(args.ticketId, { signal });
      return { attachments: found.map((a) => ({ ...a, uri: attachmentUri(a) })) };
    },
    links: (value) => value.attachments.map(attachmentLink),
  });

  defineTool(server, ctx, {
    name: "ticket_attachment_upload",
    title: "Attach a file to a ticket",
    description: `Uploads a file to a ticket: give name, contentType and either text (a text file) or contentBase64 (any file). Up to ${formatBytes(DEFAULT_ATTACHMENT_MAX_BYTES)} unless the operator set another limit; documents, images, logs, captures and archives are accepted, executables and scripts are not. Returns the attachment with a resource link to read it back.`,
    input: {
      ticketId: ticketIdField,
      name: z
        .string()
        .trim()
        .min(1, "name is required")
        .max(255)
        .describe("The file name, e.g. speedtest.png."),
      contentType: z
        .string()
        .trim()
        .min(3)
        .max(255)
        .describe("The file's content type, e.g. text/plain, image/png, application/pdf."),
      text: z.string().max(DEFAULT_ATTACHMENT_MAX_BYTES).optional().describe("The content of a text file."),
      contentBase64: z.string().max(MAX_BASE64).optional().describe("The file's bytes, base64."),
    },
    output: { attachment: attachmentSchema },
    // Adds a file. Not idempotent: each call attaches another copy.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, { signal }) {
      const bytes = bytesOf(args);
      const attachment = await work.uploadAttachment(
        args.ticketId,
        { name: args.name, contentType: args.contentType, bytes },
        { signal },
      );
      return { attachment: { ...attachment, uri: attachmentUri(attachment) } };
    },
    links: (value) => [attachmentLink(value.attachment)],
  });
}
