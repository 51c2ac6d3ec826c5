import { HandoffBusyError, HelpdeskError, StoreError } from "@ispn/core";
import { describe, expect, it } from "vitest";
import { errorCode, kindOfField, ToolInputError, toolErrorText } from "./tool-errors.ts";

const ctx = { tool: "ticket_update", ticketId: "123", timeoutMs: 30_000 };

describe("toolErrorText", () => {
  it.each([
    [new HelpdeskError("not_found", "x"), /^Ticket 123 does not exist .*ticket_search/],
    [
      new HelpdeskError("rate_limited", "x", { retryAfterMs: 4500 }),
      /temporary\)\. Retry ticket_update in 5 seconds/,
    ],
    [new HelpdeskError("rate_limited", "x"), /Retry ticket_update in 30 seconds/],
    [
      new HelpdeskError("unavailable", "x"),
      /unavailable right now \(temporary\)\. Retry ticket_update in 30 seconds/,
    ],
    [
      new HelpdeskError("timeout", "x"),
      /did not answer in time \(temporary\)\. Retry ticket_update in 10 seconds/,
    ],
    [new HelpdeskError("ambiguous", "x"), /may have been created\. Search first/],
    [new HelpdeskError("auth", "x"), /credentials.*ask an administrator/],
    [
      new HelpdeskError("misconfigured", "SDP_PORTAL: the portal is wrong."),
      /misconfigured: SDP_PORTAL: the portal is wrong\..*not something a retry fixes/,
    ],
    [
      new HelpdeskError("forbidden", "Priority is set by the matrix", { fields: ["priority"] }),
      /does not allow this \(field: priority\): Priority is set by the matrix\. Do not retry/,
    ],
    [new HandoffBusyError("busy", 2500), /still creating its ticket\. Retry ticket_update in 3 seconds/],
    [new StoreError("disk I/O"), /dedup store is busy or unavailable \(temporary\)\. Retry in 5 seconds/],
    [
      new DOMException("The operation timed out", "TimeoutError"),
      /abandoned after 30 seconds.*check with ticket_get or ticket_search/,
    ],
  ])("%s", async (error, expected) => {
    expect(await toolErrorText(error, ctx)).toMatch(expected);
  });

  it("lists the valid values of each rejected lookup field, fetched on demand", async () => {
    const asked: string[] = [];
    const text = await toolErrorText(
      new HelpdeskError("invalid", "Value given for status is not valid", {
        fields: ["status", "udf_sline_1"],
      }),
      {
        ...ctx,
        validValues: async (kind) => {
          asked.push(kind);
          return ["Open", "Closed"];
        },
      },
    );
    expect(asked).toEqual(["statuses"]);
    expect(text).toContain("The helpdesk rejected field(s) status, udf_sline_1");
    expect(text).toContain("- status: valid values: Open, Closed (call helpdesk_metadata with kind=statuses");
    expect(text).toContain("- udf_sline_1: check the value");
  });

  it("still points to helpdesk_metadata when the values cannot be fetched", async () => {
    const text = await toolErrorText(new HelpdeskError("invalid", "bad", { fields: ["priority"] }), {
      ...ctx,
      validValues: async () => {
        throw new Error("down");
      },
    });
    expect(text).toContain("- priority: (call helpdesk_metadata with kind=priorities");
  });

  it("lists input issues one per line", async () => {
    const text = await toolErrorText(
      new ToolInputError(
        [
          { path: "category", message: "bad" },
          { path: "", message: "whole input" },
        ],
        "Nothing was changed",
      ),
      ctx,
    );
    expect(text).toBe(
      "Nothing was changed. Fix the following and call ticket_update again:\n- category: bad\n- input: whole input",
    );
  });

  it("hides the detail of unexpected errors", async () => {
    const text = await toolErrorText(
      new TypeError("Cannot read properties of undefined (reading 'x') at /srv/app.js:1"),
      ctx,
    );
    expect(text).not.toMatch(/undefined|app\.js/);
    expect(text).toContain("unexpected internal error");
    expect(errorCode(new TypeError("x"))).toBe("unexpected");
  });
});

describe("kindOfField", () => {
  it("knows SDP wire names and ours", () => {
    expect(kindOfField("closure_code")).toBe("closure_codes");
    expect(kindOfField("closureCode")).toBe("closure_codes");
    expect(kindOfField("Status")).toBe("statuses");
    expect(kindOfField("subject")).toBeUndefined();
  });
});
