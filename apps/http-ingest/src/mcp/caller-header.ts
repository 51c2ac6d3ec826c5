/**
 * Request headers that may carry the caller of a voice call. In the ElevenLabs agent's MCP server
 * settings a request header is set to the dynamic variable `system__caller_id`; we accept any of
 * these names so a header named either way works.
 */
export const CALLER_HEADERS = ["x-caller-id", "x-caller-number", "x-elevenlabs-caller-id"] as const;

/**
 * The caller as the request states it: the first caller header present, with a `tel:` or `sip:`
 * URI reduced to its user part (`sip:+14155550100@pbx.example` → `+14155550100`). Withheld ids and
 * unfilled templates are returned as sent; the MCP server decides they are no number.
 */
export function callerFromHeaders(header: (name: string) => string | undefined): string | undefined {
  for (const name of CALLER_HEADERS) {
    const value = header(name)?.trim();
    if (value) return stripUri(value);
  }
  return undefined;
}

function stripUri(value: string): string {
  const uri = /^(?:tel|sips?):([^@;]+)/i.exec(value);
  return uri ? decodeURIComponent(uri[1]!) : value;
}
