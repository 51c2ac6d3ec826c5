import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HandoffResult } from "../handoff/handoff-result.ts";
import { DEFAULT_CONFIDENCE } from "../schemas/normalize-agent-values.ts";

/** A transport under test (HTTP route, MCP tool): submit a handoff body, read a ticket back. */
export interface HandoffTransportFixture {
  /** Submits one handoff body as the transport's client sends it; resolves to its answer. */
  submit(body: Record<string, unknown>): Promise<HandoffResult>;
  /** The description of a ticket in the helpdesk behind it. */
  description(ticketId: string): Promise<string>;
  teardown?: () => Promise<void>;
}

const WIFI =
  "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Cannot connect since the storm\nConfidence: 0.8";
const BILLING =
  "Category: Billing\nReason: CallerRequested\nSummary: Charged twice this month\nConfidence: 0.9";
const OPENED = /^I've opened ticket number \S+ for your/;
const KNOWN_OUTAGE = /known outage/;

/** Placeholder outage keys an LLM or an unfilled template sends: each means "no outage key". */
const PLACEHOLDER_OA_KEYS = ["none", "None", "N/A", "null", "unknown", "-", "{{oa_key}}"];
/** Withheld or unusable caller ids: each means "no caller number", and still gets a ticket. */
const WITHHELD_CALLER_IDS = ["anonymous", "Restricted", "private", "unknown", "{{system__caller_id}}"];

/**
 * What the voice agent's LLM fills in, through a whole transport: placeholder outage keys,
 * withheld caller ids, outage-key spellings, a free-text note without confidence. Asserts the
 * tickets and the spoken answers they produce. Run by http-ingest and mcp-stdio alike, so both
 * transports read these values the same way.
 */
export function runAgentValueCases(name: string, setup: () => Promise<HandoffTransportFixture>): void {
  describe(`What the agent's LLM fills in, through ${name}`, () => {
    let fx: HandoffTransportFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.teardown?.();
    });

    it.each(PLACEHOLDER_OA_KEYS)(
      "oaKey %j is no outage key: own ticket, not a known outage",
      async (oaKey) => {
        const bill = (callerNumber: string) => fx.submit({ note: BILLING, oaKey, callerNumber });
        const a = await bill("+14155550101");
        const b = await bill("+14155550102");
        expect(b.ticketId).not.toBe(a.ticketId);
        for (const answer of [a, b]) {
          expect(answer).toMatchObject({ status: "ok", outcome: "created", echo: { oaKey: null } });
          expect(answer.spokenSummary).toMatch(OPENED);
          expect(answer.spokenSummary).not.toMatch(KNOWN_OUTAGE);
        }
        expect(await fx.description(a.ticketId)).toContain(
          `Outage key as sent: ${JSON.stringify(oaKey)} (read as no outage key)`,
        );
      },
    );

    it("oaKey 'none' for two callers of different categories: two tickets, no known outage", async () => {
      const a = await fx.submit({ note: BILLING, oaKey: "none", callerNumber: "+14155550111" });
      const b = await fx.submit({ note: WIFI, oaKey: "none", callerNumber: "+14155550112" });
      expect(b.ticketId).not.toBe(a.ticketId);
      expect([a.spokenSummary, b.spokenSummary].join(" ")).not.toMatch(KNOWN_OUTAGE);
    });

    it.each(WITHHELD_CALLER_IDS)("caller id %j is no caller number: a ticket that notes it", async (id) => {
      const answer = await fx.submit({ note: WIFI, callerNumber: id });
      expect(answer).toMatchObject({ status: "ok", created: true, echo: { callerNumber: null } });
      expect(answer.spokenSummary).toMatch(OPENED);
      expect(await fx.description(answer.ticketId)).toContain(`Caller: withheld (${JSON.stringify(id)})`);
    });

    it("outage keys spelled differently are one outage: one ticket, later callers told it is known", async () => {
      const spellings = ["North Zone 3", "north zone 3", "North-Zone-3", " NORTH_ZONE_3 "];
      const answers: HandoffResult[] = [];
      for (const [i, oaKey] of spellings.entries()) {
        answers.push(await fx.submit({ note: WIFI, oaKey, callerNumber: `+1415555012${i}` }));
      }
      expect(answers.map((a) => a.outcome)).toEqual(["created", "existing", "existing", "existing"]);
      expect(new Set(answers.map((a) => a.ticketId)).size).toBe(1);
      expect(answers.every((a) => a.echo.oaKey === "north-zone-3")).toBe(true);
      for (const later of answers.slice(1)) expect(later.spokenSummary).toMatch(KNOWN_OUTAGE);
      const description = await fx.description(answers[0]!.ticketId);
      expect(description).toContain("Outage key: north-zone-3");
      expect(description).toContain('Outage key as sent: "North Zone 3"');
    });

    it("a repeat caller of a new outage joins the new outage's ticket, not their earlier one", async () => {
      const caller = "+14155550151";
      const elm = await fx.submit({ note: WIFI, oaKey: "OUT-ELM", callerNumber: caller });
      const downtown = await fx.submit({ note: WIFI, oaKey: "OUT-DOWNTOWN", callerNumber: caller });
      expect(downtown).toMatchObject({ outcome: "created", echo: { oaKey: "out-downtown" } });
      expect(downtown.ticketId).not.toBe(elm.ticketId);
      expect(downtown.spokenSummary).not.toMatch(KNOWN_OUTAGE);
      const neighbour = await fx.submit({ note: WIFI, oaKey: "out downtown", callerNumber: "+14155550152" });
      expect(neighbour).toMatchObject({ outcome: "existing", ticketId: downtown.ticketId });
      expect(neighbour.spokenSummary).toMatch(KNOWN_OUTAGE);
    });

    it("an outage key over 128 characters is accepted and still joins its callers", async () => {
      const oaKey = `Fibre cut on ${"the long road between the depot and the exchange ".repeat(4)}`;
      const a = await fx.submit({ note: WIFI, oaKey, callerNumber: "+14155550131" });
      const b = await fx.submit({ note: WIFI, oaKey: oaKey.toUpperCase(), callerNumber: "+14155550132" });
      expect(a.echo.oaKey?.length).toBeLessThanOrEqual(128);
      expect(b).toMatchObject({ outcome: "existing", ticketId: a.ticketId });
    });

    it("a free-text note without any confidence gets a ticket with the default, noted", async () => {
      const answer = await fx.submit({
        note: "Caller says the internet drops every evening and wants a person",
        callerNumber: "+14155550141",
      });
      expect(answer).toMatchObject({
        status: "ok",
        created: true,
        category: "Connectivity",
        confidence: String(DEFAULT_CONFIDENCE),
      });
      expect(answer.spokenSummary).toMatch(OPENED);
      expect(await fx.description(answer.ticketId)).toContain(
        `Confidence as sent: none (${DEFAULT_CONFIDENCE} assumed)`,
      );
    });
  });
}
