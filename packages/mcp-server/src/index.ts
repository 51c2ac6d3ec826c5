export type { Actor, ActorResolver, RequestInfo } from "./actor.ts";
export { actorFromAuthInfo } from "./actor.ts";
export type { McpRuntime, McpServerDeps } from "./server.ts";
export { createMcpServer, SERVER_NAME } from "./server.ts";
export type { ToolCall } from "./tools/define-tool.ts";
export { TOOL_NAME } from "./tools/define-tool.ts";
