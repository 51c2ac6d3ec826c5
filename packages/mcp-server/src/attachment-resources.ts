import type { RequestWork } from "@ispn/core";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { ATTACHMENT_URI_TEMPLATE } from "./attachment-uri.ts";
import type { ServerContext } from "./context.ts";
import { RESOURCE_NOT_FOUND } from "./resources.ts";
import { errorCode, toolErrorText } from "./tool-errors.ts";

const INTERNAL_ERROR = -32603;

const variable = (value: string | string[] | undefined): string =>
  decodeURIComponent((Array.isArray(value) ? value[0] : value) ?? "");

/**
 * `helpdesk://tickets/{ticketId}/attachments/{attachmentId}`: an attachment's bytes (a `blob`,
 * base64, with the file's content type). The links come from ticket_attachment_list and
 * ticket_attachment_upload; the template lists nothing itself (a file belongs to one ticket).
 * An unknown ticket or file is JSON-RPC -32002 with advice.
 */
export function registerAttachmentResources(server: McpServer, ctx: ServerContext, work: RequestWork): void {
  server.registerResource(
    "attachment",
    new ResourceTemplate(ATTACHMENT_URI_TEMPLATE, { list: undefined }),
    {
      title: "Ticket attachment",
      description:
        "The bytes of a file attached to a ticket (base64 blob with its content type). Get the links from ticket_attachment_list.",
    },
    async (uri, vars, extra) => {
      const ticketId = variable(vars.ticketId);
      const attachmentId = variable(vars.attachmentId);
      const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(ctx.callTimeoutMs)]);
      try {
        const { attachment, bytes } = await work.downloadAttachment(ticketId, attachmentId, { signal });
        return {
          contents: [
            { uri: uri.href, mimeType: attachment.contentType, blob: Buffer.from(bytes).toString("base64") },
          ],
        };
      } catch (error) {
        const code = errorCode(error);
        ctx.logger.warn({ resource: "attachment", code }, "resource read failed");
        const text =
          code === "helpdesk_not_found"
            ? `No attachment ${attachmentId} on ticket ${ticketId} (or no such ticket). Call ticket_attachment_list with ticketId ${ticketId} for the current links.`
            : await toolErrorText(error, {
                tool: `reading ${uri.href}`,
                timeoutMs: ctx.callTimeoutMs,
                ticketId,
              });
        throw new McpError(code === "helpdesk_not_found" ? RESOURCE_NOT_FOUND : INTERNAL_ERROR, text, {
          uri: uri.href,
        });
      }
    },
  );
}
