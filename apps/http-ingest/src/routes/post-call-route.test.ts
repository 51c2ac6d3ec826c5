import { afterEach, describe, expect, it } from "vitest";
import {
  createHarness,
  EL_SECRET,
  elevenLabsSignature,
  type Harness,
  handoffBody,
  postHandoff,
} from "../../test/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const transcription = (conversationId: string) =>
  JSON.stringify({
    type: "post_call_transcription",
    event_timestamp: 1_800_000_000,
    data: {
      agent_id: "agent_1",
      conversation_id: conversationId,
      status: "done",
      transcript: [{ role: "user", message: "my wifi is down" }],
      metadata: { call_duration_secs: 192, phone_call: { type: "twilio", external_number: "+14155550123" } },
      analysis: {
        call_successful: "success",
        transcript_summary: "Caller's WiFi dropped after a power cut.",
        call_summary_title: "WiFi down",
      },
    },
  });

function postWebhook(h: Harness, raw: string, signature?: string) {
  return h.app.request("/webhooks/elevenlabs/post-call", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature ? { "elevenlabs-signature": signature } : {}),
    },
    body: raw,
  });
}

describe("POST /webhooks/elevenlabs/post-call", () => {
  it("adds the call summary to the conversation's ticket, once", async () => {
    h = await createHarness();
    const { ticketId } = await (await postHandoff(h, handoffBody({ conversationId: "conv_pc" }))).json();
    const raw = transcription("conv_pc");
    const t = Math.floor(h.clock.now / 1000);
    const first = await postWebhook(h, raw, elevenLabsSignature(raw, t));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "recorded", conversationId: "conv_pc", ticketId });
    const again = await postWebhook(h, raw, elevenLabsSignature(raw, t + 5));
    expect((await again.json()).status).toBe("already_recorded");
    const notes = (await h.helpdesk.listNotes(ticketId)).items;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain("Caller's WiFi dropped after a power cut.");
    expect(notes[0]!.body).toContain("Outcome: success");
    expect(notes[0]!.body).toContain("Duration: 3 min 12 s");
  });

  it("finds the ticket of a conversation that joined an existing ticket", async () => {
    h = await createHarness();
    const { ticketId } = await (await postHandoff(h, handoffBody({ conversationId: "conv_a" }))).json();
    await postHandoff(h, handoffBody({ conversationId: "conv_b" }));
    const raw = transcription("conv_b");
    const res = await postWebhook(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect((await res.json()).ticketId).toBe(ticketId);
  });

  it("accepts any of several v0 signatures during secret rotation", async () => {
    h = await createHarness({ elevenLabsSecrets: ["wsec_new_secret_0123456", EL_SECRET] });
    await postHandoff(h, handoffBody({ conversationId: "conv_rot" }));
    const raw = transcription("conv_rot");
    const header = elevenLabsSignature(raw, Math.floor(h.clock.now / 1000), [
      "wsec_stale_old_secret_9",
      EL_SECRET,
    ]);
    expect((await postWebhook(h, raw, header)).status).toBe(200);
  });

  it("refuses a missing (401), wrong (403) or older than 30 minutes (403) signature", async () => {
    h = await createHarness();
    const raw = transcription("conv_x");
    const t = Math.floor(h.clock.now / 1000);
    expect((await postWebhook(h, raw)).status).toBe(401);
    expect((await postWebhook(h, raw, elevenLabsSignature(raw, t, ["wsec_wrong_secret_0000"]))).status).toBe(
      403,
    );
    const old = await postWebhook(h, raw, elevenLabsSignature(raw, t - 31 * 60));
    expect(old.status).toBe(403);
    expect((await old.json()).error.message).toContain("expired");
    expect(
      (await postWebhook(h, raw.replace("success", "failure"), elevenLabsSignature(raw, t))).status,
    ).toBe(403);
  });

  it("acknowledges and ignores other event types", async () => {
    h = await createHarness();
    const raw = JSON.stringify({
      type: "post_call_audio",
      data: { conversation_id: "c", full_audio: "AAAA" },
    });
    const res = await postWebhook(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ignored", type: "post_call_audio" });
  });

  it("acknowledges a conversation that has no ticket", async () => {
    h = await createHarness();
    const raw = transcription("conv_unknown");
    const res = await postWebhook(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect(await res.json()).toEqual({ status: "no_ticket", conversationId: "conv_unknown" });
  });

  it("answers 503 so ElevenLabs retries when the helpdesk is down, then records on the retry", async () => {
    h = await createHarness();
    const { ticketId } = await (await postHandoff(h, handoffBody({ conversationId: "conv_down" }))).json();
    const raw = transcription("conv_down");
    const t = Math.floor(h.clock.now / 1000);
    h.helpdesk.faults.set({ outage: true });
    expect((await postWebhook(h, raw, elevenLabsSignature(raw, t))).status).toBe(503);
    h.helpdesk.faults.reset();
    expect((await (await postWebhook(h, raw, elevenLabsSignature(raw, t))).json()).status).toBe("recorded");
    expect((await h.helpdesk.listNotes(ticketId)).items).toHaveLength(1);
  });

  it("never logs the transcript summary", async () => {
    h = await createHarness();
    await postHandoff(h, handoffBody({ conversationId: "conv_log" }));
    const raw = transcription("conv_log");
    await postWebhook(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect(JSON.stringify(h.logs())).not.toContain("power cut");
  });
});

describe("post-call webhook size", () => {
  it("accepts a long call's transcript well beyond the ingest body limit", async () => {
    h = await createHarness();
    const { ticketId } = await (await postHandoff(h, handoffBody({ conversationId: "conv_long" }))).json();
    const event = JSON.parse(transcription("conv_long"));
    event.data.transcript = Array.from({ length: 600 }, (_, i) => ({
      role: i % 2 ? "agent" : "user",
      message: "x".repeat(200),
    }));
    const raw = JSON.stringify(event);
    expect(raw.length).toBeGreaterThan(100_000);
    const res = await postWebhook(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect(res.status).toBe(200);
    expect((await res.json()).ticketId).toBe(ticketId);
  });
});

describe("post-call webhook for a queued handoff", () => {
  it("keeps the summary with the queued handoff and adds it to the ticket on delivery", async () => {
    h = await createHarness();
    h.helpdesk.faults.set({ outage: true });
    const queued = await (await postHandoff(h, handoffBody({ conversationId: "conv_q" }))).json();
    expect(queued.outcome).toBe("queued");
    const raw = transcription("conv_q");
    const kept = await postWebhook(h, raw, elevenLabsSignature(raw, Math.floor(h.clock.now / 1000)));
    expect(await kept.json()).toEqual({
      status: "queued",
      conversationId: "conv_q",
      reference: queued.reference,
    });

    h.helpdesk.faults.reset();
    expect(await h.runtime.deliverer.deliverDue()).toBe(1);
    const [ticket] = (await h.helpdesk.listTickets()).items;
    const notes = (await h.helpdesk.listNotes(ticket!.id)).items;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain("Caller's WiFi dropped after a power cut.");
  });
});
