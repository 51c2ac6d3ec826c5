export type { McpConfig } from "./env.ts";
export { readMcpConfig } from "./env.ts";
export { APP_VERSION } from "./version.ts";
