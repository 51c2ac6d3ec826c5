import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

type Task = { id: string; title: string; status: string; owner?: { name?: string }; group?: string };

describe("request work tools", () => {
  let h: Harness;
  let ticketId: string;
  beforeEach(async () => {
    h = await createHarness();
    ticketId = (await h.mock.createTicket({ subject: "No dial tone", description: "Line 2" })).id;
  });
  afterEach(() => h.close());

  describe("tasks", () => {
    it("adds tasks, lists them with paging, and closes one", async () => {
      const { task } = await h.ok<{ task: Task }>("ticket_task_add", {
        ticketId,
        title: "Test the line at the cabinet",
        owner: { email: "sam.chen@ispn.example" },
        group: "Network Operations",
        scheduledEnd: "2026-12-01T14:00:00Z",
      });
      expect(task).toMatchObject({
        title: "Test the line at the cabinet",
        status: "Open",
        group: "Network Operations",
      });
      expect(task.owner?.name).toBe("Sam Chen");
      await h.ok("ticket_task_add", { ticketId, title: "Call the customer" });
      const first = await h.ok<{ tasks: Task[]; nextCursor?: string }>("ticket_task_list", {
        ticketId,
        limit: 1,
      });
      expect(first.tasks.map((t) => t.title)).toEqual(["Test the line at the cabinet"]);
      const second = await h.ok<{ tasks: Task[]; nextCursor?: string }>("ticket_task_list", {
        ticketId,
        cursor: first.nextCursor,
      });
      expect(second.tasks.map((t) => t.title)).toEqual(["Call the customer"]);
      expect(second.nextCursor).toBeUndefined();
      const closed = await h.ok<{ task: Task }>("ticket_task_update", {
        ticketId,
        taskId: task.id,
        status: "Closed",
      });
      expect(closed.task.status).toBe("Closed");
    });

    it("names an unknown owner with the valid technicians, and an unknown ticket or task with what to do", async () => {
      const owner = await h.fail("ticket_task_add", { ticketId, title: "x", owner: { name: "Nobody" } });
      expect(owner).toMatch(/rejected field\(s\) technician/);
      expect(owner).toContain("Sam Chen");
      expect(await h.fail("ticket_task_add", { ticketId: "424242", title: "x" })).toMatch(
        /Ticket 424242 does not exist.*ticket_search/,
      );
      expect(await h.fail("ticket_task_update", { ticketId, taskId: "777", status: "Closed" })).toMatch(
        /taskId: ticket \d+ has no such task; call ticket_task_list/,
      );
      expect(await h.fail("ticket_task_update", { ticketId, taskId: "777" })).toMatch(
        /give at least one field/,
      );
      const status = await h.ok<{ task: Task }>("ticket_task_add", { ticketId, title: "y" });
      expect(
        await h.fail("ticket_task_update", { ticketId, taskId: status.task.id, status: "Done" }),
      ).toMatch(/rejected field\(s\) status/);
      expect(await h.fail("ticket_task_add", { ticketId, title: "x", scheduledEnd: "tomorrow" })).toMatch(
        /ISO-8601/,
      );
    });
  });

  describe("worklogs", () => {
    it("logs time for a technician and lists it with the total", async () => {
      const { worklog } = await h.ok<{ worklog: { minutes: number; technician?: { name?: string } } }>(
        "ticket_worklog_add",
        { ticketId, minutes: 30, description: "Re-terminated the jack", technician: { name: "Priya Patel" } },
      );
      expect(worklog.minutes).toBe(30);
      expect(worklog.technician?.name).toBe("Priya Patel");
      await h.ok("ticket_worklog_add", { ticketId, minutes: 15 });
      const listed = await h.ok<{ worklogs: unknown[]; totalMinutes: number }>("ticket_worklog_list", {
        ticketId,
      });
      expect(listed.worklogs).toHaveLength(2);
      expect(listed.totalMinutes).toBe(45);
    });

    it("refuses zero minutes and an unknown ticket, saying what to do", async () => {
      expect(await h.fail("ticket_worklog_add", { ticketId, minutes: 0 })).toMatch(/minutes/);
      expect(await h.fail("ticket_worklog_list", { ticketId: "424242" })).toMatch(/does not exist/);
    });
  });

  describe("pick up and assign", () => {
    it("picks a ticket up, then assigns it to a technician and a group", async () => {
      const picked = await h.ok<{ ticket: { technician?: { name?: string } } }>("ticket_pick_up", {
        ticketId,
      });
      expect(picked.ticket.technician?.name).toBe("administrator");
      const assigned = await h.ok<{ ticket: { technician?: { name?: string }; group?: string } }>(
        "ticket_assign",
        {
          ticketId,
          technician: { email: "alex.rivera@ispn.example" },
          group: "Field Technicians",
        },
      );
      expect(assigned.ticket).toMatchObject({
        technician: { name: "Alex Rivera" },
        group: "Field Technicians",
      });
      expect((await h.mock.getTicket(ticketId))?.group).toBe("Field Technicians");
    });

    it("asks for someone to assign, and names the valid groups for an unknown one", async () => {
      expect(await h.fail("ticket_assign", { ticketId })).toMatch(/give a technician, a group, or both/);
      const group = await h.fail("ticket_assign", { ticketId, group: "Astronauts" });
      expect(group).toMatch(/rejected field\(s\) group/);
      expect(group).toContain("Network Operations");
      expect(await h.fail("ticket_pick_up", { ticketId: "424242" })).toMatch(/does not exist/);
    });

    it("lists technicians and groups; an outage is a temporary error", async () => {
      h.mock.faults.set({ outage: true });
      expect(await h.fail("helpdesk_assignees")).toMatch(
        /unavailable right now \(temporary\)\. Retry helpdesk_assignees/,
      );
      expect(await h.fail("ticket_pick_up", { ticketId })).toMatch(/unavailable right now \(temporary\)/);
      h.mock.faults.set({ outage: false });
      const who = await h.ok<{ technicians: { name: string; email?: string }[]; groups: { name: string }[] }>(
        "helpdesk_assignees",
      );
      expect(who.technicians).toContainEqual(
        expect.objectContaining({ name: "Sam Chen", email: "sam.chen@ispn.example" }),
      );
      expect(who.groups.map((g) => g.name)).toContain("Billing");
    });
  });
});
