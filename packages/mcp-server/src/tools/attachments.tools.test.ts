import type { ResourceLink } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

type Attachment = { id: string; name: string; size: number; contentType: string; uri: string };

/** A PNG-like header and every byte value: any text decoding on the way would change it. */
const BYTES = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, ...Array.from({ length: 256 }, (_, i) => i)]);

describe("attachment tools", () => {
  let h: Harness;
  afterEach(() => h.close());
  const ticket = async () => (await h.mock.createTicket({ subject: "Packet loss", description: "x" })).id;

  it("uploads a file over MCP that is listed as a resource link and reads back byte-identical", async () => {
    h = await createHarness();
    const ticketId = await ticket();
    const uploaded = await h.call("ticket_attachment_upload", {
      ticketId,
      name: "capture.png",
      contentType: "image/png",
      contentBase64: Buffer.from(BYTES).toString("base64"),
    });
    expect(uploaded.isError).toBeFalsy();
    const { attachment } = uploaded.structuredContent as { attachment: Attachment };
    expect(attachment).toMatchObject({ name: "capture.png", size: BYTES.length, contentType: "image/png" });
    expect(uploaded.content[1]).toMatchObject({
      type: "resource_link",
      uri: attachment.uri,
      name: "capture.png",
    });

    const listed = await h.call("ticket_attachment_list", { ticketId });
    const { attachments } = listed.structuredContent as { attachments: Attachment[] };
    expect(attachments.map((a) => a.name)).toEqual(["capture.png"]);
    const link = listed.content.find((c): c is ResourceLink => c.type === "resource_link");
    expect(link).toMatchObject({ uri: attachment.uri, mimeType: "image/png", size: BYTES.length });

    const read = await h.client.readResource({ uri: link?.uri ?? "" });
    const content = read.contents[0] as { blob?: string; mimeType?: string };
    expect(content.mimeType).toBe("image/png");
    expect(Buffer.from(content.blob ?? "", "base64").equals(Buffer.from(BYTES))).toBe(true);
  });

  it("takes a text file as text", async () => {
    h = await createHarness();
    const ticketId = await ticket();
    const { attachment } = await h.ok<{ attachment: Attachment }>("ticket_attachment_upload", {
      ticketId,
      name: "notes.txt",
      contentType: "text/plain",
      text: "ping 8.8.8.8: 12% loss — naïve test",
    });
    const read = await h.client.readResource({ uri: attachment.uri });
    const blob = (read.contents[0] as { blob: string }).blob;
    expect(Buffer.from(blob, "base64").toString("utf8")).toBe("ping 8.8.8.8: 12% loss — naïve test");
  });

  it("refuses an oversized file and a refused type, saying why, and attaches nothing", async () => {
    h = await createHarness({ mock: { attachmentRules: { maxBytes: 100 } } });
    const ticketId = await ticket();
    const big = await h.fail("ticket_attachment_upload", {
      ticketId,
      name: "capture.png",
      contentType: "image/png",
      contentBase64: Buffer.from(BYTES).toString("base64"),
    });
    expect(big).toMatch(/The file is 264 bytes; the limit is 100 bytes/);
    const exe = await h.fail("ticket_attachment_upload", {
      ticketId,
      name: "fix.exe",
      contentType: "application/x-msdownload",
      text: "MZ",
    });
    expect(exe).toMatch(/application\/x-msdownload files are not accepted/);
    const { attachments } = await h.ok<{ attachments: unknown[] }>("ticket_attachment_list", { ticketId });
    expect(attachments).toEqual([]);
  });

  it("asks for exactly one of text and contentBase64, and for real base64", async () => {
    h = await createHarness();
    const ticketId = await ticket();
    const base = { ticketId, name: "a.txt", contentType: "text/plain" };
    expect(await h.fail("ticket_attachment_upload", base)).toMatch(
      /give exactly one of text .* or contentBase64/,
    );
    expect(await h.fail("ticket_attachment_upload", { ...base, text: "a", contentBase64: "YQ==" })).toMatch(
      /exactly one/,
    );
    expect(await h.fail("ticket_attachment_upload", { ...base, contentBase64: "not base64!" })).toMatch(
      /contentBase64: is not base64/,
    );
  });

  it("answers an unknown ticket or file with advice (tool error, resource -32002)", async () => {
    h = await createHarness();
    const ticketId = await ticket();
    expect(await h.fail("ticket_attachment_list", { ticketId: "424242" })).toMatch(/does not exist/);
    const error = await h.client
      .readResource({ uri: `helpdesk://tickets/${ticketId}/attachments/999` })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: -32002 });
    expect((error as Error).message).toMatch(/Call ticket_attachment_list with ticketId/);
  });
});
