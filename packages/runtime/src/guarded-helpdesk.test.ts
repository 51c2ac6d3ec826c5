import { HelpdeskError } from "@ispn/core";
import { createMockHelpdesk } from "@ispn/helpdesk-mock";
import { describe, expect, it } from "vitest";
import { guardHelpdesk } from "./guarded-helpdesk.ts";

function countingHelpdesk() {
  const mock = createMockHelpdesk();
  let calls = 0;
  let failing: HelpdeskError | undefined;
  const helpdesk = new Proxy(mock, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function" || property === "health") return value;
      return async (...args: unknown[]) => {
        calls++;
        if (failing) throw failing;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    helpdesk,
    calls: () => calls,
    fail: (error: HelpdeskError | undefined) => {
      failing = error;
    },
  };
}

describe("the circuit breaker in front of the helpdesk", () => {
  it("stops calling a failing helpdesk after 5 failures, then one probe closes it again", async () => {
    const fake = countingHelpdesk();
    const { helpdesk, breaker } = guardHelpdesk(fake.helpdesk, { failures: 5, halfOpenAfterMs: 200 });
    fake.fail(new HelpdeskError("unavailable", "503 from the helpdesk"));
    for (let i = 0; i < 5; i++)
      await expect(helpdesk.getTicket("1")).rejects.toMatchObject({ code: "unavailable" });
    expect(breaker.state()).toBe("open");
    expect(fake.calls()).toBe(5);
    // open: callers fail at once without touching the helpdesk, with a hint when to retry
    const fast = await helpdesk.listTickets().catch((e: unknown) => e);
    expect(fast).toMatchObject({ code: "unavailable", retryAfterMs: 200 });
    expect(fake.calls()).toBe(5);

    fake.fail(undefined);
    await new Promise((r) => setTimeout(r, 250));
    // the next call is the probe (cockatiel half-opens on it)
    await helpdesk.listTickets();
    expect(breaker.state()).toBe("closed");
    expect(fake.calls()).toBe(6);
  });

  it("does not count refusals: the helpdesk answered", async () => {
    const fake = countingHelpdesk();
    const { helpdesk, breaker } = guardHelpdesk(fake.helpdesk, { failures: 2 });
    fake.fail(new HelpdeskError("invalid", "category is not valid", { fields: ["category"] }));
    for (let i = 0; i < 5; i++)
      await expect(helpdesk.getTicket("1")).rejects.toMatchObject({ code: "invalid" });
    expect(breaker.state()).toBe("closed");
    expect(fake.calls()).toBe(5);
  });

  it("leaves health checks unguarded, so readiness sees the helpdesk itself", async () => {
    const fake = countingHelpdesk();
    const { helpdesk } = guardHelpdesk(fake.helpdesk, { failures: 1 });
    fake.fail(new HelpdeskError("timeout", "no answer"));
    await expect(helpdesk.getTicket("1")).rejects.toMatchObject({ code: "timeout" });
    expect((await helpdesk.health()).ok).toBe(true);
  });
});
