import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { progress } from "../log.ts";
import { ensureMcpBuilt } from "../mcp-build.ts";
import type { McpSection } from "../results.ts";
import { summarize } from "../stats.ts";
import { timeColdStart, timeNodeFloor } from "./mcp-cold-start.ts";
import { measureMcpHandoff } from "./mcp-handoff.ts";

/** MCP over stdio: cold start of the built server to the first `tools/list` answer, and `handoff_submit` latency. */
export async function runMcp(options: {
  repoRoot: string;
  tmpRoot: string;
  coldStarts: number;
  handoffCalls: number;
}): Promise<McpSection> {
  const { entry, built } = ensureMcpBuilt(options.repoRoot);
  const section: McpSection = {
    entry,
    built,
    coldStart: null,
    coldStartNoCompileCache: null,
    nodeFloor: null,
    handoffNew: null,
    handoffRepeat: null,
  };
  if (!existsSync(entry)) return { ...section, skipped: `${entry} does not exist and the build failed` };

  const floor: number[] = [];
  for (let i = 0; i < 5; i++) floor.push(await timeNodeFloor());
  section.nodeFloor = summarize(floor);

  // One unmeasured start fills Node's compile cache, as any start after installation would find it.
  await timeColdStart(entry, options.tmpRoot);
  const samples: number[] = [];
  for (let i = 0; i < options.coldStarts; i++) samples.push(await timeColdStart(entry, options.tmpRoot));
  section.coldStart = { ...summarize(samples), samplesMs: samples.map((s) => Math.round(s * 10) / 10) };
  // The first start after installing (or after the OS temp dir was cleaned) has no compile cache.
  const uncached: number[] = [];
  for (let i = 0; i < 3; i++) {
    const cache = mkdtempSync(join(options.tmpRoot, "compile-cache-"));
    uncached.push(await timeColdStart(entry, options.tmpRoot, { NODE_COMPILE_CACHE: cache }));
  }
  section.coldStartNoCompileCache = summarize(uncached);
  progress(
    `mcp cold start to tools/list: median ${section.coldStart.p50Ms} ms, max ${section.coldStart.maxMs} ms; empty compile cache ${section.coldStartNoCompileCache.p50Ms} ms (node -e 0: ${section.nodeFloor.p50Ms} ms)`,
  );

  const handoff = await measureMcpHandoff({ entry, tmpRoot: options.tmpRoot, calls: options.handoffCalls });
  section.handoffNew = handoff.created;
  section.handoffRepeat = handoff.joined;
  progress(
    `mcp handoff_submit: new p50 ${handoff.created.p50Ms} ms p99 ${handoff.created.p99Ms} ms; repeat p50 ${handoff.joined.p50Ms} ms p99 ${handoff.joined.p99Ms} ms`,
  );
  return section;
}
