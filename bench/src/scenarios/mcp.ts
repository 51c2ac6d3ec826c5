import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { timeOneStart } from "../../../apps/mcp-stdio/scripts/measure-cold-start.ts";
import { progress } from "../log.ts";
import { ensureMcpBuilt } from "../mcp-build.ts";
import type { McpSection } from "../results.ts";
import { summarize } from "../stats.ts";
import { measureColdStartRatio } from "./mcp-cold-start.ts";
import { measureMcpHandoff } from "./mcp-handoff.ts";

/**
 * MCP over stdio: cold start of the built server to the first `tools/list` answer, against
 * `node -e 0` in the same alternated run (the ratio), and `handoff_submit` latency.
 */
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
    coldStartRatio: null,
    handoffNew: null,
    handoffRepeat: null,
  };
  if (!existsSync(entry)) return { ...section, skipped: `${entry} does not exist and the build failed` };

  const measured = await measureColdStartRatio({ entry, runs: options.coldStarts });
  section.coldStart = { ...summarize(measured.serverMs), samplesMs: measured.serverMs };
  section.nodeFloor = summarize(measured.floorMs);
  section.coldStartRatio = {
    serverMedianMs: measured.serverMedianMs,
    floorMedianMs: measured.floorMedianMs,
    ratio: measured.ratio,
  };
  // The first start after installing (or after the OS temp dir was cleaned) has no compile cache.
  const uncached: number[] = [];
  for (let i = 0; i < 3; i++) {
    const cache = mkdtempSync(join(options.tmpRoot, "compile-cache-"));
    uncached.push(await timeOneStart(entry, [], { LOG_LEVEL: "warn", NODE_COMPILE_CACHE: cache }));
  }
  section.coldStartNoCompileCache = summarize(uncached);
  progress(
    `mcp cold start to tools/list: ${measured.ratio}× node -e 0 (medians ${measured.serverMedianMs} vs ${measured.floorMedianMs} ms), max ${section.coldStart.maxMs} ms; empty compile cache ${section.coldStartNoCompileCache.p50Ms} ms`,
  );

  const handoff = await measureMcpHandoff({ entry, tmpRoot: options.tmpRoot, calls: options.handoffCalls });
  section.handoffNew = handoff.created;
  section.handoffRepeat = handoff.joined;
  progress(
    `mcp handoff_submit: new p50 ${handoff.created.p50Ms} ms p99 ${handoff.created.p99Ms} ms; repeat p50 ${handoff.joined.p50Ms} ms p99 ${handoff.joined.p99Ms} ms`,
  );
  return section;
}
