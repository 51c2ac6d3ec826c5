import { createHmac } from "node:crypto";
import { safeEqual } from "./constant-time.ts";

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "expired" | "mismatch" };

/**
 * Verifies an `ElevenLabs-Signature: t=<unix s>,v0=<hex>` header: HMAC-SHA256 with any of `secrets`
 * over `<t>.<raw body>`, `t` within `windowMs` (30 minutes) of now. Several `v0=` entries are
 * accepted (secret rotation); comparisons are constant-time.
 */
export function verifyElevenLabsSignature(
  header: string | undefined,
  rawBody: string,
  secrets: readonly string[],
  now: number,
  windowMs = 30 * 60_000,
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing" };
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [name, ...rest] = part.trim().split("=");
    const value = rest.join("=").trim();
    if (name === "t") timestamp = value;
    else if (name === "v0" && value) signatures.push(value.toLowerCase());
  }
  if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0)
    return { ok: false, reason: "malformed" };
  if (Math.abs(now - Number(timestamp) * 1000) > windowMs) return { ok: false, reason: "expired" };
  const payload = `${timestamp}.${rawBody}`;
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(payload).digest("hex");
    for (const presented of signatures) matched = safeEqual(expected, presented) || matched;
  }
  return matched ? { ok: true } : { ok: false, reason: "mismatch" };
}
