import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfidence } from "../confidence.ts";
import { canonicalValue, DEFAULT_CATEGORIES, DEFAULT_ESCALATION_REASONS } from "../taxonomy.ts";
import { canonicalOutageKey, isWithheldCallerId } from "./normalize-agent-values.ts";
import {
  CALLER_ID_PATTERN,
  CONFIDENCE_TEXT_PATTERN,
  canonicalValuePattern,
  trimmedLengthPattern,
} from "./value-patterns.ts";

// The patterns are what the OpenAPI document tells clients; these tests hold them to the functions
// that decide on the server.

const chars = fc.constantFrom(..." \t\n_-.:%+/(){}0123456789aAbBeEiInNoOuUlLwWfFkK€é");
const text = (maxLength: number) => fc.string({ unit: chars, maxLength });

describe("trimmedLengthPattern", () => {
  it("matches exactly the strings whose trimmed length is within the bounds", () => {
    fc.assert(
      fc.property(text(16), fc.nat(6), fc.nat(6), (value, min, extra) => {
        const length = [...value.trim()].length;
        const inside = (min === 0 || length >= min) && length <= min + extra + 1;
        expect(trimmedLengthPattern(min, min + extra + 1).test(value)).toBe(inside);
      }),
    );
  });

  it("has no upper bound when max is omitted", () => {
    expect(trimmedLengthPattern(10).test(`  ${"x".repeat(5000)}  `)).toBe(true);
    expect(trimmedLengthPattern(10).test("   123456789   ")).toBe(false);
  });
});

describe("canonicalValuePattern", () => {
  const list = [...DEFAULT_CATEGORIES, ...DEFAULT_ESCALATION_REASONS];
  const pattern = canonicalValuePattern(list);

  it("accepts what canonicalValue finds, and nothing else", () => {
    const spellings = fc
      .tuple(fc.constantFrom(...list), fc.array(fc.constantFrom(" ", "_", "-", ""), { minLength: 30 }))
      .map(([value, seps]) =>
        [...value].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase()) + seps[i]).join(""),
      );
    fc.assert(
      fc.property(fc.oneof(spellings, text(12)), (value) => {
        expect(pattern.test(value)).toBe(canonicalValue(list, value) !== undefined);
      }),
    );
    expect(pattern.test("caller requested")).toBe(true);
    expect(pattern.test("wifi")).toBe(true);
    expect(pattern.test("Plumbing")).toBe(false);
  });
});

describe("CONFIDENCE_TEXT_PATTERN", () => {
  const placeholder = (v: string) => /\{\{[\s\S]*\}\}/.test(v) || canonicalOutageKey(v) === undefined;

  it("accepts a string only when the server reads it as a confidence from 0 to 1 or a placeholder", () => {
    const numeric = fc
      .tuple(
        fc.constantFrom("", " ", "+", "-"),
        fc.double({ min: -2, max: 200, noNaN: true }),
        fc.constantFrom("", "%", " %"),
      )
      .map(([pre, n, post]) => `${pre}${Math.abs(n).toFixed(n > 10 ? 1 : 3)}${post}`);
    fc.assert(
      fc.property(fc.oneof(numeric, text(10)), (value) => {
        if (CONFIDENCE_TEXT_PATTERN.test(value)) {
          expect(placeholder(value) || parseConfidence(value).ok, value).toBe(true);
        } else if (/^[\x20-\x7e\t\n]*$/.test(value)) {
          // refused: not a placeholder (outside ASCII, only the listed punctuation counts as one)
          expect(placeholder(value) && !/\p{L}|\p{N}/u.test(value), value).toBe(false);
        }
      }),
    );
    for (const ok of [
      "0.85",
      "85%",
      " 1 ",
      "1.0",
      "0",
      ".5",
      "100 %",
      "unknown",
      "N/A",
      "-",
      "—",
      "…",
      "{{confidence}}",
    ])
      expect(CONFIDENCE_TEXT_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["1.5", "101%", "-0.1", "high", "8.5e-1", "0.85.1"])
      expect(CONFIDENCE_TEXT_PATTERN.test(bad), bad).toBe(false);
  });
});

describe("CALLER_ID_PATTERN", () => {
  it("accepts phone-like text and every withheld caller id the server recognises", () => {
    fc.assert(
      fc.property(text(14), (value) => {
        if (isWithheldCallerId(value)) expect(CALLER_ID_PATTERN.test(value), value).toBe(true);
        if (CALLER_ID_PATTERN.test(value) && !isWithheldCallerId(value) && value.trim() !== "") {
          expect(/^[\d\s()+.\-/]+$/.test(value.trim().replace(/^tel:/i, "")), value).toBe(true);
        }
      }),
    );
    for (const ok of [
      "+1 (415) 555-0123",
      "tel:+14155550123",
      "Anonymous",
      "Private Number",
      "{{system__caller_id}}",
      "anonymous@sip.example",
    ])
      expect(CALLER_ID_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["call me maybe", "tel:", "()", "555-CALL"])
      expect(CALLER_ID_PATTERN.test(bad), bad).toBe(false);
  });
});
