import type { SdpMockServerOptions } from "@ispn/helpdesk-mock";
import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk, SdpNotFoundError, SdpServerError, SdpValidationError } from "./index.ts";

/**
 * The contract of the modules beside requests, over real HTTP against the helpdesk-mock's
 * SDP-compatible server, with the portal in the path and without it (`/api/v3`).
 */
let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const HOUR = 3_600_000;

describe.each([
  { label: "/app/{portal}/api/v3", withoutPortal: false },
  { label: "portal-less /api/v3", withoutPortal: true },
])("SDP modules over $label", ({ withoutPortal }) => {
  const start = async (server: SdpMockServerOptions = {}) => {
    fixture = await startMockWithClient({ withoutPortal, server });
    return fixture;
  };

  it("problems: create, read, update, note, link and unlink requests, close", async () => {
    const { mock, client } = await start();
    const helpdesk = createSdpHelpdesk({ client });
    const created = await client.problems.create({
      title: "Fibre cut on Elm St",
      priority: { name: "High" },
    });
    expect(created).toMatchObject({
      title: "Fibre cut on Elm St",
      status: { name: "Open" },
      priority: { name: "High" },
    });
    const updated = await client.problems.update(created.id, {
      root_cause: { description: "backhoe" },
      technician: { email_id: "alex.rivera@ispn.example" },
    });
    expect(updated.technician?.name).toBe("Alex Rivera");
    expect((await client.problems.get(created.id)).root_cause).toEqual({ description: "backhoe" });
    expect((await client.problems.list()).items.map((p) => p.id)).toEqual([created.id]);

    await client.problems.notes.add(created.id, { description: "<p>crew dispatched</p>" });
    await client.problems.notes.add(created.id, { description: "splicing" });
    const notes = await client.problems.notes.list(created.id);
    expect(notes.items.map((n) => n.description)).toEqual(["<p>crew dispatched</p>", "splicing"]);

    const a = await helpdesk.createTicket({ subject: "caller a", description: "no internet" });
    const b = await helpdesk.createTicket({ subject: "caller b", description: "no internet" });
    await client.problems.linkRequests(created.id, [a.id, b.id]);
    expect(mock.helpdesk.itsm.problems.get(created.id)?.requestIds).toEqual([a.id, b.id]);
    await client.problems.unlinkRequests(created.id, [a.id]);
    expect(mock.helpdesk.itsm.problems.get(created.id)?.requestIds).toEqual([b.id]);

    const closed = await client.problems.close(created.id, { closureCode: "Success", comments: "spliced" });
    expect(closed.status?.name).toBe("Closed");
    expect(closed.closure_info).toMatchObject({
      closure_code: { name: "Success" },
      closure_comments: "spliced",
    });
  });

  it("problems: names a missing title, an unknown problem and an unknown linked request", async () => {
    const { client } = await start();
    const untitled = await client.problems.create({ description: "x" }).catch((e: unknown) => e);
    expect(untitled).toBeInstanceOf(SdpValidationError);
    expect(untitled).toMatchObject({ fields: ["title"] });
    expect(await client.problems.get("123640000000999999").catch((e: unknown) => e)).toBeInstanceOf(
      SdpNotFoundError,
    );
    const p = await client.problems.create({ title: "t" });
    const link = await client.problems.linkRequests(p.id, ["123640000000999999"]).catch((e: unknown) => e);
    expect(link).toBeInstanceOf(SdpNotFoundError);
    const close = await client.problems.close(p.id, { closureCode: "No such code" }).catch((e: unknown) => e);
    expect(close).toMatchObject({ fields: ["closure_code"] });
  });

  it("retries a failed read but never a failed write", async () => {
    let failures = 1;
    // The first API call fails with HTTP 500 (SDP 4004), every later one passes.
    const random = () => (failures-- > 0 ? 0 : 0.99);
    const { mock, client } = await start({ helpdeskOptions: { random, faults: { errorRate: 0.5 } } });
    const write = await client.problems.create({ title: "once" }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(SdpServerError);
    expect(mock.helpdesk.itsm.problems.list()).toEqual([]);
    failures = 1;
    expect((await client.projects.list()).items.length).toBe(2);
  });

  it("changes: finds the maintenance window in force at a time, reads it and its notes", async () => {
    const { mock, client } = await start();
    const t = Date.UTC(2026, 10, 30, 12);
    const elm = mock.helpdesk.itsm.changes.create({
      title: "Elm St cabinet maintenance",
      changeType: "Standard",
      scheduledStart: t - HOUR,
      scheduledEnd: t + 2 * HOUR,
    });
    mock.helpdesk.itsm.changes.create({
      title: "Next week",
      scheduledStart: t + 168 * HOUR,
      scheduledEnd: t + 169 * HOUR,
    });
    mock.helpdesk.itsm.changes.create({
      title: "Yesterday",
      scheduledStart: t - 26 * HOUR,
      scheduledEnd: t - 24 * HOUR,
    });
    const now = await client.changes.list({ scheduledOverlapping: { from: t, to: t } });
    expect(now.items.map((c) => c.title)).toEqual(["Elm St cabinet maintenance"]);
    const all = await client.changes.list();
    expect(all.items.map((c) => c.title)).toEqual(["Yesterday", "Elm St cabinet maintenance", "Next week"]);
    const change = await client.changes.get(elm.id);
    expect(change.scheduled_end_time?.value).toBe(String(t + 2 * HOUR));
    expect(change.change_type?.name).toBe("Standard");
    await client.changes.notes.add(elm.id, { description: "crew on site" });
    expect((await client.changes.notes.list(elm.id)).items.map((n) => n.description)).toEqual([
      "crew on site",
    ]);
    expect(await client.changes.get("1").catch((e: unknown) => e)).toBeInstanceOf(SdpNotFoundError);
  });

  it("solutions: searches the knowledge base by text and reads a solution", async () => {
    const { client } = await start();
    const wifi = await client.solutions.search("wifi");
    expect(wifi.items.map((s) => s.title)).toEqual(["WiFi keeps dropping"]);
    expect((await client.solutions.search("  ")).items).toHaveLength(3);
    const one = await client.solutions.get(wifi.items[0]?.id ?? "");
    expect(one.description).toContain("WiFi channel");
  });

  it("assets: by name, by user (e-mail or name), both, and by id", async () => {
    const { client } = await start();
    const names = async (query: Parameters<typeof client.assets.search>[0]) =>
      (await client.assets.search(query)).items.map((a) => a.name);
    expect(await names({ name: "CPE" })).toEqual(["CPE-ELM-0042", "CPE-OAK-0107"]);
    expect(await names({ user: "jordan.smith@example.com" })).toEqual(["CPE-ELM-0042", "ONT-ELM-0042"]);
    expect(await names({ user: "maria" })).toEqual(["CPE-OAK-0107"]);
    expect(await names({ name: "ONT", user: "Jordan" })).toEqual(["ONT-ELM-0042"]);
    const [first] = (await client.assets.search({ name: "OLT" })).items;
    expect((await client.assets.get(first?.id ?? "")).product_type?.name).toBe("Network Equipment");
  });

  it("projects: lists and reads, and reports an unknown project as not found", async () => {
    const { client } = await start();
    const page = await client.projects.list({ sortField: "title", sortOrder: "asc" });
    expect(page.items.map((p) => p.title)).toEqual([
      "North Depot fibre rollout",
      "Replace legacy DSL modems",
    ]);
    const project = await client.projects.get(page.items[0]?.id ?? "");
    expect(project.owner?.name).toBe("Alex Rivera");
    expect(await client.projects.get("42").catch((e: unknown) => e)).toBeInstanceOf(SdpNotFoundError);
  });
});
