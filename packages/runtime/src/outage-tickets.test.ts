import { silentLogger } from "@ispn/core";
import { describe, expect, it } from "vitest";
import { readCommonConfig } from "./common-config.ts";
import { isConfigError } from "./config-error.ts";
import { createRuntime, type Runtime } from "./create-runtime.ts";

const ENV = { STORE_URL: "memory:", MOCK_PERSIST: "memory", DATA_DIR: "/tmp/ispn-unused" };
const outageHandoff = (callerNumber: string) => ({
  note: "Category: Outage\nReason: OutageConfirmed\nSummary: No internet on Elm St\nConfidence: 0.9",
  callerNumber,
  oaKey: "OUT-ELM",
});

/** Two callers report the same outage, one after the other; their answers. */
async function twoCallersOfOneOutage(runtime: Runtime) {
  const answers = [];
  for (const number of ["+14155550123", "+14155550124"]) {
    const prepared = runtime.prepare(outageHandoff(number));
    if (!prepared.ok) throw new Error("invalid handoff");
    answers.push(await runtime.handoffs.submit(prepared.value));
  }
  return answers;
}

describe("OUTAGE_TICKETS", () => {
  it("problem: one problem per outage, a request per caller, linked to it", async () => {
    const runtime = await createRuntime({
      config: readCommonConfig({ ...ENV, OUTAGE_TICKETS: "problem" }),
      logger: silentLogger,
    });
    try {
      const answers = await twoCallersOfOneOutage(runtime);
      expect(new Set(answers.map((a) => a.ticketNumber)).size).toBe(2);
      const problems = runtime.mock?.itsm.problems.list() ?? [];
      expect(problems.map((p) => p.requestIds)).toEqual([answers.map((a) => a.ticketId)]);
      expect(answers[1]?.spokenSummary).toContain("known outage");
    } finally {
      await runtime.close();
    }
  });

  it("request (the default): every caller of an outage joins one request, and no problem is opened", async () => {
    const runtime = await createRuntime({ config: readCommonConfig(ENV), logger: silentLogger });
    try {
      const answers = await twoCallersOfOneOutage(runtime);
      expect(new Set(answers.map((a) => a.ticketId)).size).toBe(1);
      expect(runtime.mock?.itsm.problems.list()).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it("names OUTAGE_TICKETS when it is neither request nor problem", () => {
    let error: unknown;
    try {
      readCommonConfig({ ...ENV, OUTAGE_TICKETS: "problems!" });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain("OUTAGE_TICKETS");
  });
});
