/**
 * `@ispn/sdp-client/errors`: the error classes and their mapping onto core's `HelpdeskError`,
 * without the HTTP client. For code that only classifies errors (e.g. MCP tools), so loading it
 * does not load ky and the transport.
 */

export { toHelpdeskError } from "./error-mapping.ts";
export * from "./errors.ts";
