import { fail, ok, type Result } from "./result.ts";

/**
 * Reads a confidence score: a number or a numeric string ("0.85", " 1 ", "85%") in [0, 1].
 * Percent strings are divided by 100. Returns the number, or an issue saying what is allowed.
 */
export function parseConfidence(input: unknown): Result<number> {
  let value: number;
  if (typeof input === "number") {
    value = input;
  } else if (
    typeof input === "string" &&
    /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*%?\s*$/.test(input)
  ) {
    const trimmed = input.trim();
    value = trimmed.endsWith("%") ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  } else {
    return fail([
      { path: "", message: `must be a number from 0 to 1, such as 0.85 (got ${JSON.stringify(input)})` },
    ]);
  }
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    return fail([{ path: "", message: `must be between 0 and 1 (got ${String(input).trim()})` }]);
  }
  return ok(value);
}

/**
 * A confidence as the original bridge's answer carried it: a plain decimal string such as "0.85"
 * (at most four decimals, never exponent notation).
 */
export function formatConfidence(confidence: number): string {
  return String(Math.round(confidence * 10_000) / 10_000);
}
