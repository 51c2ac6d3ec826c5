import { readFileSync } from "node:fs";
import type { CommonConfig } from "@ispn/runtime/config";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

/** `dist/tools-list.json`: the `tools/list` result for one taxonomy, written by `scripts/bundle.ts`. */
export interface PrebuiltToolsList {
  /** The taxonomy the tool descriptions were written with (the default one). */
  taxonomy: CommonConfig["taxonomy"];
  /** The result exactly as the live definitions produce it. */
  result: unknown;
}

/**
 * Makes `server` answer `tools/list` from the list `scripts/bundle.ts` wrote next to the bundle,
 * when it was made for the same taxonomy (the only setting the tool list depends on): converting
 * every tool's zod schemas to JSON Schema is the largest single cost of a cold start. Returns
 * false, leaving the live list, when there is no such file (running from the sources) or it was made
 * for another taxonomy (EXTRA_CATEGORIES and the like). Call after every tool is registered.
 */
export function servePrebuiltToolsList(
  server: McpServer,
  taxonomy: CommonConfig["taxonomy"],
  file: URL = new URL("./tools-list.json", import.meta.url),
): boolean {
  let prebuilt: PrebuiltToolsList;
  try {
    prebuilt = JSON.parse(readFileSync(file, "utf8")) as PrebuiltToolsList;
  } catch {
    return false;
  }
  if (JSON.stringify(prebuilt.taxonomy) !== JSON.stringify(taxonomy)) return false;
  server.server.setRequestHandler(ListToolsRequestSchema, () => prebuilt.result as never);
  return true;
}
