import { join } from "node:path";
import { startChildServer } from "../child-server.ts";
import { handoffBody, REPEAT_CALLER } from "../handoff-bodies.ts";
import { progress } from "../log.ts";
import { describeLoad, measure, measurePaced } from "../measure.ts";
import type { BenchSettings, MeasuredLoad } from "../results.ts";

/** Measures the echo's server CPU per request (µs) at the paced rate, for `seconds` after a 1 s warm-up. */
export type EchoProbe = (seconds: number) => Promise<number | null>;

/**
 * The baseline: the bare Hono JSON echo server (its own process), loaded exactly like the ingest
 * scenarios (same body size, connections, duration), so every scenario can be read as a ratio to it.
 * The server stays up: `echoCpu` measures it again next to each paced ingest phase, and the caller
 * calls `stop`.
 */
export async function runBaseline(options: {
  benchDir: string;
  tmpRoot: string;
  settings: BenchSettings;
}): Promise<{ max: MeasuredLoad; paced: MeasuredLoad; echoCpu: EchoProbe; stop: () => Promise<void> }> {
  const { settings } = options;
  const server = await startChildServer({
    entry: join(options.benchDir, "src/baseline-server.ts"),
    cwd: options.benchDir,
    env: { PORT: "0" },
    gcLog: join(options.tmpRoot, "baseline-gc.log"),
  });
  const request = {
    url: `${server.url}/echo`,
    headers: { "content-type": "application/json" },
    body: handoffBody(REPEAT_CALLER, "bench-baseline-conversation-000000"),
  };
  try {
    const max = await measure(server, {
      ...request,
      connections: settings.connections,
      durationSec: settings.durationSec,
      warmupSec: settings.warmupSec,
    });
    progress(`baseline echo: ${describeLoad(max)}`);
    // The same paced load as the ingest phases: the CPU per request every ingest ratio divides by.
    const paced = await measurePaced(server, {
      ...request,
      rate: settings.offeredRate,
      durationSec: settings.rateDurationSec,
      warmupSec: settings.warmupSec,
    });
    progress(`baseline echo (${settings.offeredRate} req/s paced): ${describeLoad(paced)}`);
    const echoCpu: EchoProbe = async (seconds) => {
      const load = await measurePaced(server, {
        ...request,
        rate: settings.offeredRate,
        durationSec: seconds,
        warmupSec: 1,
      });
      return load.serverCpuUsPerRequest ?? null;
    };
    return { max, paced, echoCpu, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
