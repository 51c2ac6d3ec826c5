import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { ToolInputError } from "../tool-errors.ts";
import { defineTool } from "./define-tool.ts";
import {
  modulePageFields,
  nextCursorField,
  onModules,
  pageThrough,
  READ,
  recordIdField,
} from "./module-calls.ts";
import {
  assetSchema,
  assetView,
  projectSchema,
  projectView,
  solutionSchema,
  solutionView,
} from "./module-views.ts";

/** Read-only lookups: the knowledge base (solutions), assets and projects. */
export function registerLibraryTools(server: McpServer, ctx: ServerContext): void {
  const solutionId = recordIdField("solution", "solution_search");
  const SOLUTION = { field: "solutionId", listTool: "solution_search" };
  defineTool(server, ctx, {
    name: "solution_search",
    title: "Search the knowledge base",
    description:
      "Finds knowledge-base solutions whose title, text or keywords contain the words given (all solutions when text is empty). Returns titles and topics; read one with solution_get.",
    input: {
      text: z.string().trim().max(200).default("").describe('e.g. "wifi drops" or "ONT red light".'),
      ...modulePageFields,
    },
    output: { solutions: z.array(solutionSchema), nextCursor: nextCursorField },
    annotations: READ,
    async run(args, { signal }) {
      const { items, nextCursor } = await onModules(ctx, SOLUTION, false, (m) =>
        pageThrough(
          args,
          { tool: "solution_search", text: args.text },
          (page) => m.solutions.search(args.text, { ...page, signal }),
          (s) => solutionView(s, false),
        ),
      );
      return { solutions: items, ...(nextCursor ? { nextCursor } : {}) };
    },
  });
  defineTool(server, ctx, {
    name: "solution_get",
    title: "Read a knowledge-base solution",
    description: "Returns one knowledge-base solution with its full text (HTML), topic and keywords.",
    input: { solutionId },
    output: { solution: solutionSchema },
    annotations: READ,
    async run(args, { signal }) {
      return onModules(ctx, SOLUTION, false, async (m) => ({
        solution: solutionView(await m.solutions.get(args.solutionId, { signal }), true),
      }));
    },
  });

  const assetId = recordIdField("asset", "asset_search");
  const ASSET = { field: "assetId", listTool: "asset_search" };
  defineTool(server, ctx, {
    name: "asset_search",
    title: "Search assets",
    description:
      "Finds assets (routers, ONTs, network equipment) by part of their name and/or by the person using them (an email address matches exactly, other text part of the name). Give name, user or both.",
    input: {
      name: z.string().trim().min(1).optional().describe('Part of the asset name, e.g. "CPE-ELM".'),
      user: z.string().trim().min(1).optional().describe("The user's email address, or part of their name."),
      ...modulePageFields,
    },
    output: { assets: z.array(assetSchema), nextCursor: nextCursorField },
    annotations: READ,
    async run(args, { signal }) {
      if (!args.name && !args.user) {
        throw new ToolInputError([{ path: "name", message: "give name, user or both" }]);
      }
      const query = { ...(args.name ? { name: args.name } : {}), ...(args.user ? { user: args.user } : {}) };
      const { items, nextCursor } = await onModules(ctx, ASSET, false, (m) =>
        pageThrough(
          args,
          { tool: "asset_search", ...query },
          (page) => m.assets.search(query, { ...page, signal }),
          assetView,
        ),
      );
      return { assets: items, ...(nextCursor ? { nextCursor } : {}) };
    },
  });
  defineTool(server, ctx, {
    name: "asset_get",
    title: "Get an asset",
    description: "Returns one asset: product, type, state, user, site, serial number, IP and MAC address.",
    input: { assetId },
    output: { asset: assetSchema },
    annotations: READ,
    async run(args, { signal }) {
      return onModules(ctx, ASSET, false, async (m) => ({
        asset: assetView(await m.assets.get(args.assetId, { signal })),
      }));
    },
  });

  const projectId = recordIdField("project", "project_list");
  const PROJECT = { field: "projectId", listTool: "project_list" };
  defineTool(server, ctx, {
    name: "project_list",
    title: "List projects",
    description:
      "Lists projects (network builds, equipment swaps) with status, owner, schedule and completion.",
    input: { ...modulePageFields },
    output: { projects: z.array(projectSchema), nextCursor: nextCursorField },
    annotations: READ,
    async run(args, { signal }) {
      const { items, nextCursor } = await onModules(ctx, PROJECT, false, (m) =>
        pageThrough(
          args,
          { tool: "project_list" },
          (page) => m.projects.list({ ...page, signal }),
          projectView,
        ),
      );
      return { projects: items, ...(nextCursor ? { nextCursor } : {}) };
    },
  });
  defineTool(server, ctx, {
    name: "project_get",
    title: "Get a project",
    description:
      "Returns one project in full: description, status, priority, owner, schedule and completion.",
    input: { projectId },
    output: { project: projectSchema },
    annotations: READ,
    async run(args, { signal }) {
      return onModules(ctx, PROJECT, false, async (m) => ({
        project: projectView(await m.projects.get(args.projectId, { signal })),
      }));
    },
  });
}
