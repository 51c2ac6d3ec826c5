import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_TAXONOMY } from "../taxonomy.ts";
import { inferCategory, inferEscalationReason } from "./infer-note.ts";
import { parseNote } from "./parse-note.ts";
import { renderNote } from "./render-note.ts";

const sample = {
  category: "WiFi",
  escalationReason: "TwoStepsNoResolve",
  summary: "Customer unable to connect after power outage",
  confidence: 0.85,
};

describe("renderNote", () => {
  it("renders the four labelled lines", () => {
    expect(renderNote(sample)).toBe(
      "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85",
    );
  });

  it("folds line breaks in the summary so the note keeps four lines", () => {
    expect(renderNote({ ...sample, summary: "line one\r\nline two" }).split("\n")).toHaveLength(4);
  });
});

describe("parseNote", () => {
  it("tolerates spacing, label case, '=' and CRLF, and canonicalises values", () => {
    const text =
      "  category :wifi \r\nREASON= two steps no resolve\r\n\r\nsummary:  Router dead \r\nConfidence : .9 ";
    const parsed = parseNote(text);
    expect(parsed).toEqual({
      ok: true,
      value: {
        category: "WiFi",
        escalationReason: "TwoStepsNoResolve",
        summary: "Router dead",
        confidence: 0.9,
        isFourLine: true,
        invalid: [],
      },
    });
  });

  it("returns what it found from a partial note in lenient mode, and flags bad values", () => {
    const parsed = parseNote("Category: Plumbing\nSummary: leak");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.isFourLine).toBe(false);
    expect(parsed.value.summary).toBe("leak");
    expect(parsed.value.category).toBeUndefined();
    expect(parsed.value.invalid[0]!.message).toContain(
      '"Plumbing" is not a category; use one of: Outage, WiFi',
    );
  });

  it.each([
    ["Category: WiFi\nReason: Other\nSummary: x", "exactly 4 lines"],
    ["Reason: Other\nCategory: WiFi\nSummary: slow wifi\nConfidence: 0.5", "in the order"],
    ["Category: WiFi\nReason: Other\nSummary: slow wifi\nConfidence: 1.5", "between 0 and 1"],
    ["Category: WiFi\nReason: Other\nSummary: slow wifi\nConfidence: high", "must be a number"],
    [
      "Category: WiFi\nReason: Other\nNotes: slow wifi\nConfidence: 0.5",
      "not one of the four labelled lines",
    ],
    [`Category: WiFi\nReason: Other\nSummary: ${"x".repeat(330)}\nConfidence: 0.5`, "10–350 characters"],
  ])("strict mode refuses %j", (text, fragment) => {
    const parsed = parseNote(text, { strict: true });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.message).join(" | ")).toContain(fragment);
  });

  it("strict mode accepts a rendered note", () => {
    expect(parseNote(renderNote(sample), { strict: true }).ok).toBe(true);
  });

  it("parse(render(x)) returns x", () => {
    const line = fc
      .string({ minLength: 1, maxLength: 120 })
      .map((s) => s.replace(/[\r\n]/g, " ").trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(...DEFAULT_TAXONOMY.categories),
        fc.constantFrom(...DEFAULT_TAXONOMY.escalationReasons),
        line,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (category, escalationReason, summary, confidence) => {
          const note = { category, escalationReason, summary, confidence };
          const parsed = parseNote(renderNote(note), { strict: true });
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const { isFourLine, invalid, ...fields } = parsed.value;
          expect(fields).toEqual({ ...note, confidence: confidence === 0 ? 0 : confidence });
          expect(isFourLine).toBe(true);
          expect(invalid).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("inference from free text", () => {
  it.each([
    ["The whole street is down, neighbours have no internet either, outage", "Outage"],
    ["Caller says the wifi password stopped working", "WiFi"],
    ["Speeds are really slow in the evening, lots of buffering", "Speed"],
    ["Charged twice on my last bill", "Billing"],
    ["Cable box shows no channels", "TV"],
    ["modem lights are red", "Equipment"],
    ["no internet since this morning", "Connectivity"],
    ["I like turtles", "Other"],
  ])("%j → category %s", (text, category) => {
    expect(inferCategory(text)).toBe(category);
  });

  it.each([
    ["Caller asked to speak to a human", "CallerRequested"],
    ["Tried restarting the router twice, still no connection", "TwoStepsNoResolve"],
    ["Needs a technician on-site to check the line", "TechnicianRequired"],
    ["Caller has called before about this, third time", "RepeatCaller"],
    ["Outage confirmed in the area", "OutageConfirmed"],
    ["something happened", "Other"],
  ])("%j → reason %s", (text, reason) => {
    expect(inferEscalationReason(text)).toBe(reason);
  });
});
