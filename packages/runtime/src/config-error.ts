/** One problem with one environment variable. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * Misconfiguration: thrown at start-up, before anything listens. The message names every variable
 * and what is wrong with it, one per line, so an operator can fix them all at once.
 */
export class ConfigError extends Error {
  readonly code = "config";
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError;
}
