import { expect, it } from "vitest";
import type { AuditEntry, AuditLog } from "../ports/audit-log.ts";

const T0 = 1_900_000_000_000;
const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  at: T0,
  actor: "Ana Technician",
  via: "http",
  tool: "ticket_update",
  outcome: "ok",
  ...over,
});

/** The behaviour every `AuditLog` shares: what was appended comes back, newest first, filtered. */
export function auditContract(audit: () => AuditLog): void {
  it("returns what was appended, newest first, with every field kept", async () => {
    const log = audit();
    await log.append(entry({ at: T0, tool: "ticket_add_note", ticketId: "t1" }));
    await log.append(
      entry({
        at: T0 + 1,
        actor: "Voice agent",
        via: "voice",
        tool: "handoff_submit",
        ticketId: "t2",
        outcome: "error",
        code: "scope",
        caller: "+1******4567",
      }),
    );
    expect(await log.query()).toEqual([
      {
        at: T0 + 1,
        actor: "Voice agent",
        via: "voice",
        tool: "handoff_submit",
        ticketId: "t2",
        outcome: "error",
        code: "scope",
        caller: "+1******4567",
      },
      {
        at: T0,
        actor: "Ana Technician",
        via: "http",
        tool: "ticket_add_note",
        ticketId: "t1",
        outcome: "ok",
      },
    ]);
  });

  it("filters by actor, tool, ticket and time, and honours the limit", async () => {
    const log = audit();
    for (let i = 0; i < 6; i++) {
      await log.append(
        entry({
          at: T0 + i,
          actor: i % 2 ? "Bo" : "Ana",
          tool: i < 3 ? "ticket_close" : "ticket_update",
          ticketId: `t${i % 3}`,
        }),
      );
    }
    const ats = (entries: AuditEntry[]) => entries.map((e) => e.at - T0);
    expect(ats(await log.query({ actor: "Bo" }))).toEqual([5, 3, 1]);
    expect(ats(await log.query({ tool: "ticket_close" }))).toEqual([2, 1, 0]);
    expect(ats(await log.query({ ticketId: "t0" }))).toEqual([3, 0]);
    expect(ats(await log.query({ since: T0 + 4 }))).toEqual([5, 4]);
    expect(ats(await log.query({ actor: "Ana", tool: "ticket_update" }))).toEqual([4]);
    expect(ats(await log.query({ limit: 2 }))).toEqual([5, 4]);
  });
}
