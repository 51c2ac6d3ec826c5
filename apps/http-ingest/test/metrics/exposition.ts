import { spawnSync } from "node:child_process";
import parsePrometheus from "parse-prometheus-text-format";

/** What checked the text and what it found wrong (empty: clean). */
export interface ExpositionCheck {
  checker: "promtool" | "parse-prometheus-text-format";
  problems: string[];
}

/**
 * Checks Prometheus text exposition with `promtool check metrics` (Debian: `apt-get install
 * prometheus`) when it is installed, else parses it with `parse-prometheus-text-format` plus the
 * rules promtool lints most (every family has HELP and a TYPE, counters end in `_total`, names are
 * valid, only counters end in `_total`), which catches less.
 */
export function checkExposition(text: string): ExpositionCheck {
  const run = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (!run.error) {
    const output = `${run.stdout}${run.stderr}`.trim();
    return { checker: "promtool", problems: run.status === 0 && output === "" ? [] : [output] };
  }
  const problems: string[] = [];
  try {
    for (const family of parsePrometheus(text)) {
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(family.name)) problems.push(`${family.name}: invalid name`);
      if (!family.help) problems.push(`${family.name}: no HELP`);
      if (family.type === "UNTYPED") problems.push(`${family.name}: no TYPE`);
      if (family.type === "COUNTER" && !family.name.endsWith("_total"))
        problems.push(`${family.name}: counter name should end in _total`);
      if (family.type !== "COUNTER" && family.name.endsWith("_total"))
        problems.push(`${family.name}: non-counter metrics should not have "_total" suffix`);
    }
  } catch (error) {
    problems.push((error as Error).message);
  }
  return { checker: "parse-prometheus-text-format", problems };
}

/** The value of one sample (`name{labels}`, labels as rendered) in `text`, or undefined. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
