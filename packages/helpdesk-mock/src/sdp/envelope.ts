/**
 * SDP v3 response shapes: the `response_status` envelope (an object on single records, an array on
 * lists), the 4000 failure wrapper with `messages[]`, the 3000 warning, and the HTML pages SDP
 * answers with when a request is not an API call it understands.
 */

/** One entry of `response_status.messages`. */
export interface SdpMessage {
  status_code: number;
  type: "failed" | "warning" | "success";
  message?: string;
  field?: string;
  fields?: readonly string[];
}

/** The HTTP status of each SDP failure code (the reference's §5.2 table). */
export const HTTP_STATUS_OF: Readonly<Record<number, number>> = {
  4001: 400,
  4002: 403,
  4004: 500,
  4005: 400,
  4007: 404,
  4008: 400,
  4012: 400,
  4015: 429,
  4021: 400,
  4022: 401,
};

/** A refusal a route throws; the app answers it as the 4000 wrapper. */
export class SdpWireError extends Error {
  readonly httpStatus: number;
  readonly messages: readonly SdpMessage[];
  readonly headers: Readonly<Record<string, string>>;
  constructor(message: SdpMessage, headers: Record<string, string> = {}) {
    super(message.message ?? `SDP ${message.status_code}`);
    this.name = "SdpWireError";
    this.httpStatus = HTTP_STATUS_OF[message.status_code] ?? 400;
    this.messages = [message];
    this.headers = headers;
  }
}

/** Shorthand for a failed message. */
export function failed(status_code: number, message: string, more: Partial<SdpMessage> = {}): SdpWireError {
  return new SdpWireError({ status_code, type: "failed", message, ...more });
}

const JSON_TYPE = "application/json;charset=UTF-8";

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": JSON_TYPE, ...headers } });
}

/** A single-record success: `response_status` is an object. */
export function single(body: Record<string, unknown>, messages?: readonly SdpMessage[]): Response {
  const status = { status_code: 2000, status: "success", ...(messages ? { messages } : {}) };
  return jsonResponse({ response_status: status, ...body });
}

/** A list success: `response_status` is a one-element array. */
export function list(key: string, rows: readonly unknown[], listInfo: Record<string, unknown>): Response {
  return jsonResponse({
    response_status: [{ status_code: 2000, status: "success" }],
    list_info: listInfo,
    [key]: rows,
  });
}

/** The 4000 failure wrapper. */
export function failure(error: SdpWireError): Response {
  return jsonResponse(
    { response_status: { status_code: 4000, status: "failed", messages: error.messages } },
    error.httpStatus,
    { ...error.headers },
  );
}

/** The 3000 warning: HTTP 200, but the operation did not happen. */
export function warning(message: string, fields: readonly string[]): Response {
  return jsonResponse({
    response_status: {
      status_code: 3000,
      status: "failed",
      messages: [{ status_code: 3000, type: "warning", message, fields }],
    },
  });
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** An HTML page, as SDP serves for unknown routes, a wrong Accept header or an outage. */
export function htmlPage(
  status: number,
  title: string,
  text: string,
  headers: Record<string, string> = {},
): Response {
  const body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  return new Response(body, { status, headers: { "content-type": "text/html;charset=UTF-8", ...headers } });
}
