import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ServerContext } from "../context.ts";
import { registerChangeTools } from "./changes.tools.ts";
import { registerLibraryTools } from "./library.tools.ts";
import { registerProblemTools } from "./problems.tools.ts";

/** The tools of the ServiceDesk Plus modules beside requests: problems, changes, solutions, assets, projects. */
export function registerServiceDeskModuleTools(server: McpServer, ctx: ServerContext): void {
  registerProblemTools(server, ctx);
  registerChangeTools(server, ctx);
  registerLibraryTools(server, ctx);
}
