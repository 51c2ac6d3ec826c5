import type { Attachment } from "@ispn/core";
import type { ResourceLink } from "@modelcontextprotocol/sdk/types.js";

/** The URI template of an attachment's bytes. */
export const ATTACHMENT_URI_TEMPLATE = "helpdesk://tickets/{ticketId}/attachments/{attachmentId}";

/** The resource URI of one attachment. */
export function attachmentUri(a: Pick<Attachment, "ticketId" | "id">): string {
  return `helpdesk://tickets/${encodeURIComponent(a.ticketId)}/attachments/${encodeURIComponent(a.id)}`;
}

/** An attachment as a `resource_link` content block. */
export function attachmentLink(
  a: Pick<Attachment, "ticketId" | "id" | "name" | "contentType" | "size">,
): ResourceLink {
  return {
    type: "resource_link",
    uri: attachmentUri(a),
    name: a.name,
    mimeType: a.contentType,
    size: a.size,
    description: `Attachment of ticket ${a.ticketId}`,
  };
}
