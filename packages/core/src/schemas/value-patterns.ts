import { PLACEHOLDER_VALUES, WITHHELD_CALLER_ID_VALUES } from "./normalize-agent-values.ts";

// The rules below are regular expressions so that the zod schemas validate with them and their
// JSON Schema (`pattern`, ECMA-262 with the `u` flag) says exactly the same: JSON Schema has no
// "after trimming" or "case-insensitive" keyword, and patterns carry no flags.

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** `"ab"` → `"[Aa][Bb]"`: case-insensitive without a flag. */
function caseless(word: string): string {
  return [...word]
    .map((c) =>
      c.toLowerCase() === c.toUpperCase() ? escapeRegex(c) : `[${c.toUpperCase()}${c.toLowerCase()}]`,
    )
    .join("");
}

/**
 * A string whose length after trimming white space is `min`–`max` characters (code points; no
 * upper bound when `max` is omitted). With `min` 0 a blank string matches too.
 */
export function trimmedLengthPattern(min: number, max?: number): RegExp {
  const body = `(?=\\S)[\\s\\S]{${Math.max(1, min)},${max ?? ""}}(?<=\\S)`;
  return new RegExp(min === 0 ? `^\\s*(?:${body})?\\s*$` : `^\\s*${body}\\s*$`, "u");
}

/**
 * The values `canonicalValue(list, value)` finds: each listed value in any case, with white space,
 * `_` and `-` anywhere ("wifi", "Wi-Fi", "caller requested" for WiFi and CallerRequested).
 */
export function canonicalValuePattern(list: readonly string[]): RegExp {
  const sep = "[\\s_-]*";
  const options = list.map((value) => [...value.replace(/[\s_-]+/g, "")].map((c) => caseless(c)).join(sep));
  return new RegExp(`^${sep}(?:${options.join("|")})${sep}$`, "u");
}

// Punctuation and white space: ASCII, and the common Unicode dashes, quotes, ellipses and guillemets
// an LLM writes. Listed rather than `[^\p{L}\p{N}]` so that JSON Schema tools whose regex engine
// lacks Unicode properties (Python's) can read the pattern; other characters are refused.
const NOT_ALNUM = "[\\s!-/:-@\\[-`{-~\\u00A1\\u00AB\\u00BB\\u00BF\\u2010-\\u2027\\u2030-\\u205E]";
/**
 * An unfilled template variable, such as `{{confidence}}` or `{{system__caller_id}}`: `{{…}}`
 * anywhere, or text that starts with `{{` or ends with `}}` (as `isTemplate` reads it).
 */
// The text before the first `{{` is matched by a tempered token, so a value full of `{` is read in
// linear time, not quadratic.
const TEMPLATE =
  "(?:(?:(?!\\{\\{)[\\s\\S])*\\{\\{[\\s\\S]*\\}\\}[\\s\\S]*|\\s*\\{\\{[\\s\\S]*|[\\s\\S]*\\}\\}\\s*)";
/** A placeholder that means "none" ("none", "N/A", "unknown", "-", …; see `PLACEHOLDER_VALUES`). */
// (The trailing run only follows a word: two adjacent runs of the same class would backtrack
// quadratically on a long value.)
const PLACEHOLDER = `${NOT_ALNUM}*(?:(?:${PLACEHOLDER_VALUES.filter(Boolean)
  .map((word) => word.split("-").map(caseless).join(`${NOT_ALNUM}+`))
  .join("|")})${NOT_ALNUM}*)?`;

const NEGATIVE_ZERO = "-(?:0+(?:\\.0*)?|0*\\.0+)";
const FRACTION = `(?:\\+?(?:0*1(?:\\.0*)?|0*\\.\\d+|0+(?:\\.\\d*)?)|${NEGATIVE_ZERO})`;
const PERCENT = `(?:\\+?(?:0*100(?:\\.0*)?|0*\\d{1,2}(?:\\.\\d*)?|0*\\.\\d+)|${NEGATIVE_ZERO})\\s*%`;

/**
 * A confidence sent as text: a decimal from 0 to 1 ("0.85", "1"), a percentage from 0 to 100
 * ("85%"), or a placeholder that means none was given ("unknown", "N/A", "-", "{{confidence}}").
 */
export const CONFIDENCE_TEXT_PATTERN = new RegExp(
  `^(?:\\s*(?:${PERCENT}|${FRACTION})\\s*|${PLACEHOLDER}|${TEMPLATE})$`,
  "u",
);

const NOT_LETTER = "[^A-Za-z\\d]*";
/**
 * What a caller id may be: a phone number written with digits, spaces, `( ) - . /` and a leading
 * `+` (optionally `tel:`), a withheld caller id ("anonymous", "Private Number", …; see
 * `WITHHELD_CALLER_ID_VALUES`, and SIP's `anonymous@host`), an unfilled template, or blank.
 * Whether the digits make a real number is checked after this (libphonenumber).
 */
export const CALLER_ID_PATTERN = new RegExp(
  [
    "^\\s*$",
    // (no two adjacent runs that match the same characters: linear time on long values)
    "^(?:\\s*[Tt][Ee][Ll]:)?[\\s()+./-]*\\d[\\d\\s()+./-]*$",
    `^${NOT_LETTER}(?:${WITHHELD_CALLER_ID_VALUES.map((w) => [...w].map(caseless).join(NOT_LETTER)).join("|")})${NOT_LETTER}$`,
    `^(?:[\\s\\S]*[^A-Za-z])?${caseless("anonymous")}(?:[^A-Za-z][\\s\\S]*)?$`,
    `^${TEMPLATE}$`,
  ].join("|"),
  "u",
);
