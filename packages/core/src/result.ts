/** A validation problem: which field, and what is wrong with it (and how to fix it). */
export interface Issue {
  /** Dotted field path, e.g. "callerNumber"; "" for the whole input. */
  path: string;
  message: string;
}

/** Expected outcomes are values: validation returns a Result instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(issues: Issue[]): Result<T> {
  return { ok: false, issues };
}

/** One line per issue, "path: message", for error messages and logs. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}
