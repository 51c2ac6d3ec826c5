import { HttpError } from "../http-errors.ts";

/** How deep objects and arrays may nest in a request body. Real handoffs and post-call events use < 10. */
export const MAX_JSON_DEPTH = 64;

/**
 * The JSON value of `raw` (UTF-8). Refuses (400 `invalid_json`) a body nesting objects and arrays
 * deeper than `maxDepth` before parsing it, since deep values overflow the stack of whatever walks
 * them later, and malformed JSON with a message that is printable whatever bytes were sent.
 */
export function parseJsonBody(raw: Buffer, maxDepth = MAX_JSON_DEPTH): unknown {
  const depth = nestingDepth(raw, maxDepth);
  if (depth > maxDepth) {
    throw new HttpError(
      "invalid_json",
      `The JSON body nests objects and arrays deeper than ${maxDepth} levels (the depth limit); send a flatter body.`,
    );
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new HttpError("invalid_json", `The body is not valid JSON: ${printable((error as Error).message)}`);
  }
}

/**
 * The deepest nesting of `[` and `{` outside strings, stopping once past `limit`. Byte-wise: these
 * ASCII bytes never occur inside a multi-byte UTF-8 sequence.
 */
function nestingDepth(raw: Buffer, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return depth;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return depth;
}

/** The message with control and non-ASCII characters replaced and its length capped. */
function printable(message: string): string {
  const clean = message.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
