import { createHandoffService, createMemoryStores, type Handoff } from "@ispn/core";
import { afterEach, describe, expect, it } from "vitest";
import { type MockFixture, startMockWithClient } from "../test/fixtures/mock-server.ts";
import { createSdpHelpdesk, resolveSdpHelpdeskOptionsFromEnv } from "./index.ts";

/**
 * The real handoff path: core's handoff service → SDP adapter → HTTP → the helpdesk-mock's
 * SDP-compatible server. Core decides what the ticket says; the operator's mapping decides how
 * SDP files it.
 */

const HANDOFF: Handoff = {
  note: "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Router drops WiFi every evening\nConfidence: 0.85",
  summary: "Router drops WiFi every evening",
  category: "WiFi",
  escalationReason: "TwoStepsNoResolve",
  confidence: 0.85,
  source: "VoiceAgent",
  conversationId: "conv_mapping_1",
};

let fixture: MockFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Starts the mock, recording every create the client puts on the wire. */
async function start(env: Record<string, string>) {
  const creates: Record<string, unknown>[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.method === "POST" && new URL(request.url).pathname.endsWith("/requests")) {
      const form = new URLSearchParams(await request.clone().text());
      creates.push(JSON.parse(form.get("input_data") ?? "{}").request);
    }
    return fetch(request);
  };
  fixture = await startMockWithClient({ client: { fetch: recording } });
  const helpdesk = createSdpHelpdesk({ client: fixture.client, ...resolveSdpHelpdeskOptionsFromEnv(env) });
  const service = createHandoffService({ helpdesk, dedup: createMemoryStores().dedup });
  return { creates, helpdesk, service };
}

describe("a handoff through the SDP adapter, filed the way the operator configured", () => {
  it("sends the mapped category, mode and priority, not the handoff's own words", async () => {
    const { creates, helpdesk, service } = await start({
      SDP_CATEGORY_MAP: "WiFi=Connectivity",
      SDP_MODE: "E-Mail",
      SDP_PRIORITY_MAP: "TwoStepsNoResolve=High,*=Low",
    });
    const result = await service.submit(HANDOFF);
    expect(result.created).toBe(true);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      subject: "[WiFi] Router drops WiFi every evening",
      category: { name: "Connectivity" },
      mode: { name: "E-Mail" },
      priority: { name: "High" },
    });
    expect(creates[0]?.subcategory).toBeUndefined();
    const ticket = await helpdesk.getTicket(result.ticketId);
    expect(ticket).toMatchObject({ category: "Connectivity", mode: "E-Mail", priority: "High" });
  });

  it("sends the subcategory of a Category>Subcategory mapping, which SDP accepts", async () => {
    const { creates, helpdesk, service } = await start({
      SDP_CATEGORY_MAP: "WiFi=Connectivity>Intermittent",
    });
    const result = await service.submit(HANDOFF, { handoffId: "idem-mapping-1" });
    expect(creates[0]).toMatchObject({
      category: { name: "Connectivity" },
      subcategory: { name: "Intermittent" },
      mode: { name: "Phone Call" },
    });
    const ticket = await helpdesk.getTicket(result.ticketId);
    expect(ticket).toMatchObject({ category: "Connectivity", subcategory: "Intermittent" });
    expect(ticket?.description).toContain("Conversation: conv_mapping_1");
    expect(ticket?.description).toContain("Ref: idem-mapping-1");
  });

  it("refuses a mapping to a category the portal lacks as misconfigured, naming SDP_CATEGORY_MAP", async () => {
    const { creates, helpdesk, service } = await start({ SDP_CATEGORY_MAP: "WiFi=Network>Switch" });
    const error = await service.submit(HANDOFF).catch((e: unknown) => e);
    expect(creates[0]).toMatchObject({ category: { name: "Network" }, subcategory: { name: "Switch" } });
    expect(error).toMatchObject({ code: "misconfigured", fields: ["category"] });
    expect((error as Error).message).toContain("SDP_CATEGORY_MAP");
    expect((await helpdesk.listTickets()).items).toHaveLength(0);
  });

  it("files an unmapped category under the handoff's category", async () => {
    const { creates, service } = await start({});
    await service.submit(HANDOFF);
    expect(creates[0]).toMatchObject({ category: { name: "WiFi" }, mode: { name: "Phone Call" } });
  });
});
