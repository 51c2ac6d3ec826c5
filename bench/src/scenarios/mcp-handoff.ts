import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { distinctCaller, FOUR_LINE, REPEAT_CALLER } from "../handoff-bodies.ts";
import { type LatencySummary, summarize } from "../stats.ts";

/**
 * `handoff_submit` latency over stdio, as Claude Desktop would call it: the built server with its
 * defaults (SQLite store and the SQLite-persisted mock helpdesk in a fresh DATA_DIR), one call at a
 * time, measured from `callTool` to its result. New callers create tickets; the repeat caller joins one.
 */
export async function measureMcpHandoff(options: {
  entry: string;
  tmpRoot: string;
  calls: number;
}): Promise<{ created: LatencySummary; joined: LatencySummary }> {
  const dataDir = mkdtempSync(join(options.tmpRoot, "mcp-handoff-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [options.entry],
    env: { ...getDefaultEnvironment(), DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stderr: "ignore",
  });
  const client = new Client({ name: "ispn-bench", version: "1" });
  await client.connect(transport);
  try {
    const submit = async (callerNumber: string, n: number): Promise<number> => {
      const started = performance.now();
      const result = await client.callTool({
        name: "handoff_submit",
        arguments: { note: FOUR_LINE, callerNumber, conversationId: `bench-mcp-${n}` },
      });
      const elapsed = performance.now() - started;
      if (result.isError) throw new Error(`handoff_submit failed: ${JSON.stringify(result.content)}`);
      return elapsed;
    };
    // Warm-up: the first call pays for lazy loading and the first SQLite statements.
    await submit(REPEAT_CALLER, 0);
    await submit(distinctCaller(900_000), 0);
    const created: number[] = [];
    const joined: number[] = [];
    for (let n = 1; n <= options.calls; n++) {
      created.push(await submit(distinctCaller(900_000 + n), n));
      joined.push(await submit(REPEAT_CALLER, options.calls + n));
    }
    return { created: summarize(created), joined: summarize(joined) };
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
