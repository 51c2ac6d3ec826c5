import { describe, expect, it } from "vitest";
import {
  canonicalOutageKey,
  isWithheldCallerId,
  normalizeAgentValues,
  OUTAGE_KEY_MAX,
} from "./normalize-agent-values.ts";
import { prepareHandoff } from "./prepare-handoff.ts";

const fourLine =
  "Category: Billing\nReason: CallerRequested\nSummary: Charged twice this month\nConfidence: 0.7";

describe("canonicalOutageKey", () => {
  it.each([
    "none",
    "None",
    " NONE ",
    "N/A",
    "n/a",
    "NA",
    "n.a.",
    "null",
    "NULL",
    "nil",
    "undefined",
    "unknown",
    "Unknown",
    "-",
    "--",
    "?",
    "",
    "   ",
    "{{oa_key}}",
    "{{ outage_key }}",
    "{{system__outage}}",
    "OUT-{{zone}}",
    "not applicable",
    "No outage",
  ])("reads the placeholder %j as no outage key", (sent) => {
    expect(canonicalOutageKey(sent)).toBeUndefined();
  });

  it.each([
    ["North Zone 3", "north-zone-3"],
    ["north zone 3", "north-zone-3"],
    ["North-Zone-3", "north-zone-3"],
    ["north_zone_3", "north-zone-3"],
    ["  North   Zone -- 3. ", "north-zone-3"],
    ["NORTH ZONE 3", "north-zone-3"],
    ["OUT-2026-11-22-NORTH", "out-2026-11-22-north"],
    ["oa-12345", "oa-12345"],
    ["INC:0042/elm", "inc-0042-elm"],
    ["Zürich Nord", "zürich-nord"],
  ])("reads %j as %j", (sent, canonical) => {
    expect(canonicalOutageKey(sent)).toBe(canonical);
  });

  it("keeps keys apart that differ in more than case, spacing and punctuation", () => {
    expect(canonicalOutageKey("OUT-12.3")).not.toBe(canonicalOutageKey("OUT-123"));
    expect(canonicalOutageKey("OUT-ELM")).not.toBe(canonicalOutageKey("OUT-DOWNTOWN"));
  });

  it("shortens keys over 128 characters to a stable prefix and hash, never refusing them", () => {
    const long = `Fibre cut between ${"North Street and ".repeat(12)}the river`;
    const key = canonicalOutageKey(long)!;
    expect(long.length).toBeGreaterThan(OUTAGE_KEY_MAX);
    expect(key.length).toBeLessThanOrEqual(OUTAGE_KEY_MAX);
    expect(key).toMatch(/^fibre-cut-between-north-street-and-.*-[0-9a-f]{16}$/);
    expect(canonicalOutageKey(long.toUpperCase())).toBe(key);
    expect(canonicalOutageKey(`${long} 2`)).not.toBe(key);
    expect(canonicalOutageKey(key)).toBe(key);
  });
});

describe("isWithheldCallerId", () => {
  it.each([
    "anonymous",
    "Anonymous",
    "Restricted",
    "RESTRICTED",
    "private",
    "Private Number",
    "unknown",
    "Unavailable",
    "withheld",
    "{{system__caller_id}}",
    "{{ system__caller_id }}",
    "sip:anonymous@anonymous.invalid",
    "sip:anonymous@10.0.0.1",
    "none",
  ])("reads %j as withheld", (sent) => {
    expect(isWithheldCallerId(sent)).toBe(true);
  });

  it.each(["+14155550123", "(415) 555-0123", "12", "020 7946 0958"])(
    "reads %j as a number to check",
    (sent) => {
      expect(isWithheldCallerId(sent)).toBe(false);
    },
  );
});

describe("normalizeAgentValues", () => {
  it("keeps the raw values it read differently", () => {
    expect(
      normalizeAgentValues({ callerNumber: "anonymous", oaKey: "North Zone 3", confidence: "unknown" }),
    ).toEqual({
      oaKey: "north-zone-3",
      asSent: { callerNumber: "anonymous", oaKey: "North Zone 3", confidence: "unknown" },
    });
    expect(normalizeAgentValues({ callerNumber: "+14155550123", oaKey: "none", confidence: 0.9 })).toEqual({
      callerNumber: "+14155550123",
      confidence: 0.9,
      asSent: { oaKey: "none" },
    });
    expect(normalizeAgentValues({ oaKey: "out-7", confidence: "0.8" })).toEqual({
      oaKey: "out-7",
      confidence: "0.8",
      asSent: {},
    });
  });
});

describe("prepareHandoff with what an LLM fills in", () => {
  it("accepts a withheld caller id as no caller number, keeping the raw value", () => {
    for (const callerNumber of ["anonymous", "Restricted", "private", "unknown", "{{system__caller_id}}"]) {
      const result = prepareHandoff({ note: fourLine, callerNumber });
      expect(result.ok && result.value).toMatchObject({ asSent: { callerNumber } });
      expect(result.ok && result.value.callerNumber).toBeUndefined();
    }
  });

  it("reads a placeholder outage key as none and a spelled-out one canonically", () => {
    const none = prepareHandoff({ note: fourLine, oaKey: "N/A" });
    expect(none.ok && none.value.oaKey).toBeUndefined();
    expect(none.ok && none.value.asSent).toEqual({ oaKey: "N/A" });
    const spelled = prepareHandoff({ note: fourLine, oaKey: "North Zone 3" });
    expect(spelled.ok && spelled.value.oaKey).toBe("north-zone-3");
    const numeric = prepareHandoff({ note: fourLine, oaKey: 12345 });
    expect(numeric.ok && numeric.value.oaKey).toBe("12345");
    const long = prepareHandoff({ note: fourLine, oaKey: "x".repeat(300) });
    expect(long.ok && long.value.oaKey?.length).toBe(OUTAGE_KEY_MAX);
  });

  it("still refuses a caller number that is neither a number nor a withheld marker", () => {
    const result = prepareHandoff({ note: fourLine, callerNumber: "12" });
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(["callerNumber"]);
  });
});
