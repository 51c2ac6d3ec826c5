import { type Handoff, type Helpdesk, HelpdeskError, handoffTicketInput } from "@ispn/core";
import { describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  failure,
  fakeFetch,
  type Handler,
  json,
  listOf,
  type Seen,
  single,
  wireRequest,
} from "../test/fixtures/fake-fetch.ts";
import { createSdpClient, createSdpHelpdesk, type RequestMapping } from "./index.ts";

function adapter(
  api: Handler,
  options: { mapping?: Partial<RequestMapping>; client?: Record<string, unknown> } = {},
) {
  const fake = fakeFetch(api);
  const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, timeoutMs: 50, ...options.client });
  const helpdesk = createSdpHelpdesk({
    client,
    ...(options.mapping ? { mapping: options.mapping } : {}),
  });
  return { fake, helpdesk };
}

const failOf = async (run: () => Promise<unknown>): Promise<HelpdeskError> => {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HelpdeskError);
  return error as HelpdeskError;
};

describe("SdpError → HelpdeskError at the port", () => {
  const cases: [string, Handler, (h: Helpdesk) => Promise<unknown>, Partial<HelpdeskError>][] = [
    [
      "4001 → invalid with the field",
      () => failure(400, { status_code: 4001, field: "status" }),
      (h) => h.updateTicket("1", { status: "Nope" }),
      { code: "invalid", fields: ["status"] },
    ],
    [
      "4012 → invalid with the fields",
      () => failure(400, { status_code: 4012, fields: ["mode", "urgency"] }),
      (h) => h.createTicket({ subject: "s", description: "d" }),
      { code: "invalid", fields: ["mode", "urgency"] },
    ],
    [
      "4002 → forbidden",
      () => failure(403, { status_code: 4002 }),
      (h) => h.updateTicket("1", { priority: "High" }),
      { code: "forbidden" },
    ],
    [
      "4007 on a ticket of a portal that answers → not_found",
      (seen) => (seen.path === "/requests" ? listOf("requests", []) : failure(404, { status_code: 4007 })),
      (h) => h.addNote("1", { body: "x" }),
      { code: "not_found" },
    ],
    [
      "4007 everywhere, the request list too → misconfigured",
      () => failure(404, { status_code: 4007 }),
      (h) => h.addNote("1", { body: "x" }),
      { code: "misconfigured" },
    ],
    [
      "4015 → rate_limited with the wait",
      () => failure(429, { status_code: 4015 }, { "retry-after": "5" }),
      (h) => h.listTickets(),
      { code: "rate_limited", retryAfterMs: 5000, retryable: true },
    ],
    [
      "401 twice → auth",
      () => failure(401, { status_code: 4022 }),
      (h) => h.listTickets(),
      { code: "auth", retryable: false },
    ],
    [
      "5xx → unavailable",
      () => new Response("", { status: 503 }),
      (h) => h.listTickets(),
      { code: "unavailable" },
    ],
    [
      "refused connection → unavailable",
      () => "refuse",
      (h) => h.createTicket({ subject: "s", description: "d" }),
      { code: "unavailable" },
    ],
    ["read timeout → timeout", () => "hang", (h) => h.listTickets(), { code: "timeout" }],
    [
      "write timeout after sending → ambiguous",
      () => "hang",
      (h) => h.updateTicket("1", { priority: "Low" }),
      { code: "ambiguous" },
    ],
    [
      "write connection reset → ambiguous",
      () => "reset",
      (h) => h.addNote("1", { body: "x" }),
      { code: "ambiguous" },
    ],
  ];
  it.each(cases)("%s", async (_, api, run, expected) => {
    const { helpdesk } = adapter(api);
    expect(await failOf(() => run(helpdesk))).toMatchObject(expected);
  });

  it("reports Zoho's token throttle as rate_limited with the wait", async () => {
    const fake = fakeFetch(
      () => listOf("requests", []),
      () =>
        json({ error: "Access Denied", error_description: "You have made too many requests continuously." }),
    );
    const helpdesk = createSdpHelpdesk({ client: createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch }) });
    const error = await failOf(() => helpdesk.listTickets());
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("reports a create whose token request timed out as a timeout: the create was never sent", async () => {
    const fake = fakeFetch(
      () => single({ request: wireRequest("1") }),
      () => "hang",
    );
    const client = createSdpClient({ ...BASE_CONFIG, fetch: fake.fetch, timeoutMs: 30 });
    const helpdesk = createSdpHelpdesk({ client });
    const error = await failOf(() => helpdesk.createTicket({ subject: "s", description: "d", marker: "m" }));
    expect(error.code).toBe("timeout");
    expect(fake.apiCalls).toHaveLength(0);
  });

  it("answers undefined for a missing or trashed ticket", async () => {
    const { helpdesk } = adapter((seen) =>
      seen.path === "/requests/1"
        ? failure(404, { status_code: 4007 })
        : single({ request: wireRequest("2", { is_trashed: true }) }),
    );
    expect(await helpdesk.getTicket("1")).toBeUndefined();
    expect(await helpdesk.getTicket("2")).toBeUndefined();
  });
});

const HANDOFF: Handoff = {
  note: "Category: WiFi\nReason: TwoStepsNoResolve\nSummary: Customer unable to connect after power outage\nConfidence: 0.85",
  summary: "Customer unable to connect after power outage",
  category: "WiFi",
  escalationReason: "TwoStepsNoResolve",
  confidence: 0.85,
  source: "VoiceAgent",
  callerNumber: "+15551234567",
  oaKey: "OA-77",
  conversationId: "conv_abc",
};

/** An SDP fake that creates requests and answers requester searches with `requesters`. */
const creating =
  (requesters: unknown[]): Handler =>
  (seen: Seen) => {
    if (seen.path === "/requesters") return listOf("requesters", requesters);
    const request = (seen.inputData?.request ?? {}) as Record<string, unknown>;
    return single({ request: { ...wireRequest("900"), ...request, category: request.category ?? null } });
  };
const created = (seen: Seen[]) =>
  seen.find((c) => c.method === "POST")?.inputData?.request as Record<string, unknown>;

describe("handoff → request mapping", () => {
  it("says core's content in SDP terms: the operator's category, mode, priority, template and UDFs", async () => {
    const { fake, helpdesk } = adapter(creating([]), {
      mapping: {
        categoryMap: { wifi: "Internet>WiFi" },
        mode: "E-Mail",
        priorityMap: { TwoStepsNoResolve: "High" },
        template: "Voice Agent Handoff",
        udfCaller: "udf_sline_1",
        udfOutageKey: "udf_sline_2",
        defaultRequesterEmail: "voice@isp.test",
      },
    });
    const input = handoffTicketInput(HANDOFF, "conv_abc");
    const ticket = await helpdesk.createTicket(input);
    const request = created(fake.apiCalls);
    expect(request).toMatchObject({
      subject: input.subject,
      mode: { name: "E-Mail" },
      category: { name: "Internet" },
      subcategory: { name: "WiFi" },
      priority: { name: "High" },
      template: { name: "Voice Agent Handoff" },
      requester: { email_id: "voice@isp.test" },
      udf_fields: { udf_sline_1: "+15551234567", udf_sline_2: "OA-77" },
    });
    const description = request.description as string;
    for (const part of ["Summary: Customer unable", "+15551234567", "VoiceAgent", "OA-77", "<br>"]) {
      expect(description).toContain(part);
    }
    // Core's description already carries the marker line: it is not added twice.
    expect(description.match(/Ref: conv_abc/g)).toHaveLength(1);
    expect(ticket.url).toBe("https://sdp.test/app/itdesk/ui/requests/900/details");
  });

  it("lets the operator's mapping win over SDP fields given on a handoff create", async () => {
    const { fake, helpdesk } = adapter(creating([]), {
      mapping: { categoryMap: { WiFi: "Connectivity" }, mode: "E-Mail", priorityMap: { "*": "Low" } },
    });
    await helpdesk.createTicket({
      ...handoffTicketInput(HANDOFF, "conv_abc"),
      category: "WiFi",
      subcategory: "Signal",
      mode: "Phone Call",
      priority: "High",
    });
    expect(created(fake.apiCalls)).toMatchObject({
      category: { name: "Connectivity" },
      mode: { name: "E-Mail" },
      priority: { name: "Low" },
    });
    expect(created(fake.apiCalls).subcategory).toBeUndefined();
  });

  it("sends an unmapped handoff category as it is, with the default mode", async () => {
    const { fake, helpdesk } = adapter(creating([]));
    await helpdesk.createTicket(handoffTicketInput(HANDOFF, "conv_abc"));
    expect(created(fake.apiCalls)).toMatchObject({
      category: { name: "WiFi" },
      mode: { name: "Phone Call" },
    });
  });

  it("uses the requester whose phone or mobile matches the caller", async () => {
    const { fake, helpdesk } = adapter(
      creating([
        { id: "r1", name: "Other", phone: "555 999 0000" },
        { id: "r2", name: "Caller", mobile: "(555) 123-4567" },
      ]),
      { mapping: { defaultRequesterEmail: "voice@isp.test", matchRequesterByPhone: true } },
    );
    await helpdesk.createTicket(handoffTicketInput(HANDOFF, "m"));
    expect(created(fake.apiCalls).requester).toEqual({ id: "r2" });
    expect(fake.apiCalls[0]?.inputData?.list_info).toMatchObject({
      search_criteria: [
        { field: "phone", condition: "contains", value: "4567", children: [{ field: "mobile" }] },
      ],
    });
  });

  it("keeps the configured default when several requesters share the number", async () => {
    const { fake, helpdesk } = adapter(
      creating([
        { id: "a", phone: "5551234567" },
        { id: "b", mobile: "+1 555 123 4567" },
      ]),
      {
        mapping: { defaultRequesterEmail: "voice@isp.test", matchRequesterByPhone: true },
      },
    );
    await helpdesk.createTicket(handoffTicketInput(HANDOFF, "m"));
    expect(created(fake.apiCalls).requester).toEqual({ email_id: "voice@isp.test" });
  });

  it("cuts the subject to 250 characters", async () => {
    const { fake, helpdesk } = adapter(creating([]));
    await helpdesk.createTicket(handoffTicketInput({ ...HANDOFF, summary: "x".repeat(400) }, "m"));
    const subject = created(fake.apiCalls).subject as string;
    expect(subject).toHaveLength(250);
    expect(subject.startsWith("[WiFi] xxx")).toBe(true);
  });

  it("sends a plain create as given, with the marker line and escaped text", async () => {
    const { fake, helpdesk } = adapter(creating([]));
    await helpdesk.createTicket({
      subject: "Billing <question>",
      description: "line 1\nA & B",
      category: "Billing",
      marker: "m-1",
    });
    expect(created(fake.apiCalls)).toEqual({
      subject: "Billing <question>",
      description: "line 1<br>A &#38; B<p>Ref: m-1</p>",
      category: { name: "Billing" },
    });
  });
});

describe("ambiguous create: recovery is the caller's", () => {
  it("throws ambiguous after a create timed out, without posting again or searching", async () => {
    const { fake, helpdesk } = adapter((seen) =>
      seen.method === "POST" ? "hang" : listOf("requests", [wireRequest("77")]),
    );
    const error = await failOf(() =>
      helpdesk.createTicket({ subject: "s", description: "d", marker: "conv_abc" }),
    );
    expect(error.code).toBe("ambiguous");
    expect(fake.apiCalls.map((c) => c.method)).toEqual(["POST"]);
  });

  it("does not take a longer marker for the one searched", async () => {
    const { helpdesk } = adapter((seen) =>
      seen.path === "/requests"
        ? listOf("requests", [wireRequest("5")])
        : single({ request: wireRequest("5", { description: "<p>Ref: OA-77</p>" }) }),
    );
    expect(await helpdesk.findTicketByMarker("OA-7")).toBeUndefined();
    expect((await helpdesk.findTicketByMarker("OA-77"))?.id).toBe("5");
  });

  it("probes health with one unretried read", async () => {
    const { fake, helpdesk } = adapter(() => new Response("", { status: 503 }));
    const report = await helpdesk.health();
    expect(report).toMatchObject({ ok: false, kind: "sdp" });
    expect(fake.apiCalls).toHaveLength(1);
  });

  it("searches the marker UDF when one is configured", async () => {
    const { fake, helpdesk } = adapter(
      (seen) =>
        seen.path === "/requests"
          ? listOf("requests", [wireRequest("5")])
          : single({ request: wireRequest("5", { udf_fields: { udf_sline_9: "OA-1" } }) }),
      { mapping: { udfMarker: "udf_sline_9" } },
    );
    expect((await helpdesk.findTicketByMarker("OA-1"))?.id).toBe("5");
    expect(fake.apiCalls[0]?.inputData?.list_info).toMatchObject({
      search_criteria: [
        { field: "udf_fields.udf_sline_9", condition: "is", value: "OA-1" },
        { field: "created_time" },
      ],
    });
  });
});
