import { join } from "node:path";
import { startChildServer } from "../child-server.ts";
import { handoffBody, REPEAT_CALLER } from "../handoff-bodies.ts";
import { progress } from "../log.ts";
import { describeLoad, measure } from "../measure.ts";
import type { BenchSettings, MeasuredLoad } from "../results.ts";

/**
 * The baseline: the bare Hono JSON echo server (its own process), loaded exactly like the ingest
 * scenarios (same body size, connections, duration), so every scenario can be read as a ratio to it.
 */
export async function runBaseline(options: {
  benchDir: string;
  settings: BenchSettings;
}): Promise<MeasuredLoad> {
  const { settings } = options;
  const server = await startChildServer({
    entry: join(options.benchDir, "src/baseline-server.ts"),
    cwd: options.benchDir,
    env: { PORT: "0" },
  });
  try {
    const load = await measure(server, {
      url: `${server.url}/echo`,
      headers: { "content-type": "application/json" },
      body: handoffBody(REPEAT_CALLER, "bench-baseline-conversation-000000"),
      connections: settings.connections,
      durationSec: settings.durationSec,
      warmupSec: settings.warmupSec,
    });
    progress(`baseline echo: ${describeLoad(load)}`);
    return load;
  } finally {
    await server.stop();
  }
}
