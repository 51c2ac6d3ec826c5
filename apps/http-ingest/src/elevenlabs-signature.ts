import { createHmac } from "node:crypto";
import { safeEqual } from "./constant-time.ts";

/** An `ElevenLabs-Signature` header that is well formed and fresh: its time and `v0` values. */
export interface ElevenLabsSignatureHeader {
  timestamp: string;
  signatures: string[];
}

export type SignatureHeaderCheck =
  | { ok: true; header: ElevenLabsSignatureHeader }
  | { ok: false; reason: "missing" | "malformed" | "expired" };

/**
 * Reads an `ElevenLabs-Signature: t=<unix s>,v0=<hex>` header without the body, so a request with a
 * missing, malformed or stale signature is refused before its body is read. `t` must be within
 * `windowMs` (30 minutes) of now. Several `v0=` entries are kept (secret rotation).
 */
export function readElevenLabsSignatureHeader(
  header: string | undefined,
  now: number,
  windowMs = 30 * 60_000,
): SignatureHeaderCheck {
  if (!header) return { ok: false, reason: "missing" };
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [name, ...rest] = part.trim().split("=");
    const value = rest.join("=").trim();
    if (name === "t") timestamp = value;
    else if (name === "v0" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0)
    return { ok: false, reason: "malformed" };
  if (Math.abs(now - Number(timestamp) * 1000) > windowMs) return { ok: false, reason: "expired" };
  return { ok: true, header: { timestamp, signatures } };
}

/**
 * Whether any `v0` of the header is HMAC-SHA256 with any of `secrets` over `<t>.<raw body bytes>`
 * (the bytes as received, before any decoding or parsing). Comparisons are constant-time.
 */
export function elevenLabsSignatureMatches(
  header: ElevenLabsSignatureHeader,
  rawBody: Uint8Array,
  secrets: readonly string[],
): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret)
      .update(`${header.timestamp}.`)
      .update(rawBody)
      .digest("hex");
    for (const presented of header.signatures) matched = safeEqual(expected, presented) || matched;
  }
  return matched;
}
