import { YOUNG_GENERATION_FLAGS } from "@ispn/http-ingest/young-generation";
import type { BenchSettings } from "./results.ts";

/** The sections `--only` can pick. */
export const SECTIONS = ["ingest", "slow", "mcp", "sdp"] as const;
export type Section = (typeof SECTIONS)[number];

export interface RunOptions {
  settings: BenchSettings;
  sections: Set<Section>;
  /** Stores of the ingest section (`--stores memory,sqlite`). */
  stores: Array<"memory" | "sqlite" | "redis">;
  mcpColdStarts: number;
  mcpHandoffCalls: number;
  sdpHandoffsPerCase: number;
  sdpRealLifetimeSec: number;
  sdpRealDurationSec: number;
  sdpVirtualHours: number;
  /** False with --quick, --only or --stores: such a run must not replace the full results. */
  complete: boolean;
}

const USAGE = `pnpm bench [--quick] [--only ingest,slow,mcp,sdp] [--stores memory,sqlite,redis] [--paced-sec 60]
           [--server-node-flags "--heap-growing-percent=50"]
  --quick   shortened phases (about 1½ minutes) for trying changes; the numbers are rough
  --paced-sec  seconds each 500 req/s paced phase is measured (default 5; 60 for the issue's
            "p99 for 60 s" figure, about 6 minutes more)
  (with --quick, --only or --stores the report is printed and the numbers go to
  results/<date>-partial.json; results/latest.md is left to full runs)
  --only    run only these sections (default: all)
  --stores  stores of the ingest section (default: memory,sqlite,redis)
  --server-node-flags  more Node/V8 flags for the http-ingest servers of the ingest section, space
            separated, after the launchers' own (the last of a flag wins; e.g.
            "--min-semi-space-size=0 --max-semi-space-size=0" gives V8's growing young generation;
            bench/README.md, "GC pauses"); such a run is partial too
`;

function list<T extends string>(raw: string, allowed: readonly T[], flag: string): T[] {
  const items = raw.split(",").map((s) => s.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item))
      throw new Error(`${flag}: "${item}" is not one of ${allowed.join(", ")}\n\n${USAGE}`);
  }
  return items as T[];
}

/** Reads the command line; throws with the usage on a bad flag. */
export function readRunOptions(argv: string[]): RunOptions {
  let quick = false;
  let narrowed = false;
  let sections: Section[] = [...SECTIONS];
  let stores: RunOptions["stores"] = ["memory", "sqlite", "redis"];
  let pacedSec: number | undefined;
  let serverNodeFlags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") quick = true;
    else if (arg === "--only") {
      sections = list(argv[++i] ?? "", SECTIONS, "--only");
      narrowed = true;
    } else if (arg === "--stores") {
      stores = list(argv[++i] ?? "", ["memory", "sqlite", "redis"] as const, "--stores");
      narrowed = true;
    } else if (arg === "--paced-sec") {
      const raw = argv[++i] ?? "";
      pacedSec = Number(raw);
      if (!Number.isInteger(pacedSec) || pacedSec < 1 || pacedSec > 600)
        throw new Error(`--paced-sec: "${raw}" is not a whole number of seconds from 1 to 600\n\n${USAGE}`);
    } else if (arg === "--server-node-flags") {
      const raw = argv[++i] ?? "";
      serverNodeFlags = raw.split(" ").filter(Boolean);
      if (serverNodeFlags.length === 0 || serverNodeFlags.some((f) => !f.startsWith("--")))
        throw new Error(`--server-node-flags: "${raw}" is not a list of --flags\n\n${USAGE}`);
      narrowed = true;
    } else if (arg === "--help" || arg === "-h") throw new Error(USAGE);
    else throw new Error(`unknown argument ${arg}\n\n${USAGE}`);
  }
  return {
    settings: {
      quick,
      connections: 20,
      durationSec: quick ? 2 : 6,
      warmupSec: 1,
      rateDurationSec: pacedSec ?? (quick ? 2 : 5),
      offeredRate: 500,
      slowLatencyMs: 200,
      slowConnections: [50, 200],
      slowDurationSec: quick ? 2 : 5,
      launcherNodeFlags: [...YOUNG_GENERATION_FLAGS],
      serverNodeFlags,
      echoAdjacentSec: quick ? 2 : 15,
    },
    sections: new Set(sections),
    stores,
    mcpColdStarts: quick ? 3 : 10,
    mcpHandoffCalls: quick ? 10 : 50,
    sdpHandoffsPerCase: quick ? 5 : 20,
    sdpRealLifetimeSec: 10,
    sdpRealDurationSec: quick ? 11 : 25,
    sdpVirtualHours: 3,
    complete: !quick && !narrowed,
  };
}
