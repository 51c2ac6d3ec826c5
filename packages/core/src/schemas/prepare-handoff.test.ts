import { describe, expect, it } from "vitest";
import { createTaxonomy } from "../taxonomy.ts";
import { DEFAULT_CONFIDENCE } from "./normalize-agent-values.ts";
import { prepareHandoff } from "./prepare-handoff.ts";

const fourLine =
  "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85";

describe("prepareHandoff", () => {
  it("takes missing fields from a 4-line note and normalises the caller", () => {
    const result = prepareHandoff({
      note: fourLine,
      callerNumber: "(415) 555-0123",
      conversationId: "conv_1",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        note: fourLine,
        summary: "Customer unable to connect after power outage",
        category: "WiFi",
        escalationReason: "TwoStepsNoResolve",
        confidence: 0.85,
        callerNumber: "+14155550123",
        source: "VoiceAgent",
        conversationId: "conv_1",
      },
    });
  });

  it("lets body fields win over the note, and accepts confidence as a numeric string", () => {
    const result = prepareHandoff({ note: fourLine, category: "speed", confidence: "0.4", source: "atom" });
    expect(result.ok && result.value).toMatchObject({ category: "Speed", confidence: 0.4, source: "ATOM" });
    expect(result.ok && result.value.note).toContain("Category: Speed");
  });

  it("infers category and reason from free text and renders the 4-line note", () => {
    const result = prepareHandoff({
      note: "Caller asked for a human, the wifi keeps dropping",
      confidence: 0.6,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.category).toBe("WiFi");
    expect(result.value.escalationReason).toBe("CallerRequested");
    expect(result.value.originalNote).toBe("Caller asked for a human, the wifi keeps dropping");
    expect(result.value.note.split("\n")).toHaveLength(4);
  });

  it("treats null and empty optional fields as absent (web-widget calls have no caller id)", () => {
    const result = prepareHandoff({ note: fourLine, callerNumber: "", oaKey: null, conversationId: null });
    expect(result.ok && result.value.callerNumber).toBeUndefined();
    expect(result.ok && result.value.oaKey).toBeUndefined();
  });

  it("names every bad value and the rule it broke", () => {
    const result = prepareHandoff({
      note: "Router broken, help please",
      category: "Plumbing",
      confidence: 7,
      callerNumber: "12",
      source: "Fax",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
    expect(byPath.category).toContain('"Plumbing" is not allowed; use one of: Outage, WiFi');
    expect(byPath.confidence).toContain("between 0 and 1");
    expect(byPath.callerNumber).toContain("wrong number of digits");
    expect(byPath.source).toContain('"Fax" is not allowed');
  });

  it("names malformed fields before resolving values", () => {
    const result = prepareHandoff({ note: 42, oaKey: { zone: 3 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(["note", "oaKey"]);
  });

  it("assumes the default confidence when neither the body nor the note has it, and says so", () => {
    const result = prepareHandoff({ note: "Internet is down since this morning" });
    expect(result.ok && result.value).toMatchObject({
      confidence: DEFAULT_CONFIDENCE,
      asSent: { confidence: "" },
    });
    expect(result.ok && result.value.note).toContain(`Confidence: ${DEFAULT_CONFIDENCE}`);
  });

  it("still refuses a confidence that is a value but out of range or not a number", () => {
    for (const confidence of [7, "high", -0.1]) {
      const result = prepareHandoff({ note: fourLine, confidence });
      expect(!result.ok && result.issues.map((i) => i.path)).toEqual(["confidence"]);
    }
  });

  it("reads the note's confidence when the body's is a placeholder", () => {
    const result = prepareHandoff({ note: fourLine, confidence: "{{confidence}}" });
    expect(result.ok && result.value.confidence).toBe(0.85);
    expect(result.ok && result.value.asSent).toBeUndefined();
  });

  it("refuses a missing or too short note", () => {
    const missing = prepareHandoff({ category: "WiFi" });
    expect(!missing.ok && missing.issues[0]).toMatchObject({
      path: "note",
      message: expect.stringContaining("note is required"),
    });
    const short = prepareHandoff({ note: "help" });
    expect(!short.ok && short.issues[0]).toMatchObject({
      path: "note",
      message: "note must be at least 10 characters",
    });
  });

  it("reads taxonomy values in any case and spacing, and counts the note's length after trimming", () => {
    const result = prepareHandoff({
      note: fourLine,
      category: "wi fi",
      escalationReason: "caller requested",
    });
    expect(result.ok && result.value).toMatchObject({
      category: "WiFi",
      escalationReason: "CallerRequested",
    });
    const short = prepareHandoff({ note: "    too short    " });
    expect(!short.ok && short.issues).toEqual([
      { path: "note", message: "note must be at least 10 characters" },
    ]);
  });

  it("refuses a confidence in a form the OpenAPI document does not list (exponents), naming the forms", () => {
    const result = prepareHandoff({ note: fourLine, confidence: "8.5e-1" });
    expect(!result.ok && result.issues[0]).toMatchObject({
      path: "confidence",
      message: expect.stringContaining('a percentage such as "85%"'),
    });
  });

  it("accepts values a deployment added to the taxonomy", () => {
    const taxonomy = createTaxonomy({ categories: ["Fiber"] });
    const result = prepareHandoff({ note: fourLine, category: "fiber" }, { taxonomy });
    expect(result.ok && result.value.category).toBe("Fiber");
  });
});
