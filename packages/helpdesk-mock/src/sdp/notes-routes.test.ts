import { describe, expect, it } from "vitest";
import { type Body, createRequest, sdpFixture } from "../../test/fixtures/sdp-fixture.ts";

describe("request notes over the SDP v3 wire", () => {
  it("adds notes and lists them oldest first under `notes`, each readable by id", async () => {
    const f = await sdpFixture();
    const request = await createRequest(f, { subject: "noted" });
    const first = await f.json("POST", `/requests/${request.id}/notes`, {
      input: { request_note: { description: "<p>first</p>", show_to_requester: false } },
    });
    expect(first.status).toBe(200);
    expect(first.body.response_status).toEqual({ status_code: 2000, status: "success" });
    expect(first.body.request_note).toMatchObject({
      description: "<p>first</p>",
      show_to_requester: false,
      created_by: { name: "administrator" },
      request: { id: request.id, display_id: request.display_id },
    });
    await f.json("POST", `/requests/${request.id}/notes`, {
      input: { request_note: { description: "second", show_to_requester: true } },
    });
    const listed = await f.json("GET", `/requests/${request.id}/notes`);
    expect(listed.body.response_status).toEqual([{ status_code: 2000, status: "success" }]);
    expect(listed.body.notes.map((n: Body) => [n.description, n.show_to_requester])).toEqual([
      ["<p>first</p>", false],
      ["second", true],
    ]);
    expect(listed.body.list_info.has_more_rows).toBe(false);
    const one = await f.json("GET", `/requests/${request.id}/notes/${first.body.request_note.id}`);
    expect(one.body.request_note.description).toBe("<p>first</p>");
    expect((await f.json("GET", `/requests/${request.id}`)).body.request.has_notes).toBe(true);
    const paged = await f.json("GET", `/requests/${request.id}/notes`, {
      input: { list_info: { row_count: 1, start_index: 2 } },
    });
    expect(paged.body.notes.map((n: Body) => n.description)).toEqual(["second"]);
  });

  it("shares notes with the in-process helpdesk", async () => {
    const f = await sdpFixture();
    const ticket = await f.helpdesk.createTicket({ subject: "in process", description: "x" });
    await f.helpdesk.addNote(ticket.id, { body: "from the port" });
    const listed = await f.json("GET", `/requests/${ticket.id}/notes`);
    expect(listed.body.notes.map((n: Body) => n.description)).toEqual(["from the port"]);
  });

  it("refuses a note without a description (4012) or on an unknown request (4007)", async () => {
    const f = await sdpFixture();
    const request = await createRequest(f, { subject: "x" });
    const empty = await f.json("POST", `/requests/${request.id}/notes`, { input: { request_note: {} } });
    expect(empty.status).toBe(400);
    expect(empty.body.response_status.messages[0]).toMatchObject({
      status_code: 4012,
      fields: ["description"],
    });
    const missing = await f.json("POST", "/requests/123640000000999999/notes", {
      input: { request_note: { description: "lost" } },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.response_status.messages[0].status_code).toBe(4007);
  });
});
