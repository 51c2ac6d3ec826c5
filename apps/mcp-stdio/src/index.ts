export type { McpConfig } from "./env.ts";
export { readMcpConfig } from "./env.ts";
export type { McpRuntime, McpServerOptions } from "./server.ts";
export { createMcpServer, SERVER_INFO } from "./server.ts";
export { TOOL_NAME } from "./tools/define-tool.ts";
