import type { ServerResponse } from "node:http";

/**
 * Headers every answer carries, the app's and the post-call gate's alike: the defaults of Hono's
 * `secureHeaders()` middleware (the OWASP-recommended set, no Content-Security-Policy: the service
 * serves JSON, and the demo pages are the mock's).
 *
 * The server sets them on Node's response before the app runs (`startServer`), not a middleware
 * in the app: a header set in Hono builds a Web `Headers` object for every answer, ≈ 35 µs a
 * request, a tenth of a handoff (bench/README.md). So `app.request()` answers do not have them.
 */
export const SECURE_HEADERS: ReadonlyArray<readonly [name: string, value: string]> = [
  ["cross-origin-opener-policy", "same-origin"],
  ["cross-origin-resource-policy", "same-origin"],
  ["origin-agent-cluster", "?1"],
  ["referrer-policy", "no-referrer"],
  ["strict-transport-security", "max-age=15552000; includeSubDomains"],
  ["x-content-type-options", "nosniff"],
  ["x-dns-prefetch-control", "off"],
  ["x-download-options", "noopen"],
  ["x-frame-options", "SAMEORIGIN"],
  ["x-permitted-cross-domain-policies", "none"],
  ["x-xss-protection", "0"],
];

/** Puts `SECURE_HEADERS` on a Node response; headers the app sets later with the same name win. */
export function setSecureHeaders(res: ServerResponse): void {
  for (const [name, value] of SECURE_HEADERS) res.setHeader(name, value);
}
