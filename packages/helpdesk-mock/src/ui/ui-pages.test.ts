import { describe, expect, it } from "vitest";
import { createMockHelpdesk } from "../mock-helpdesk.ts";
import { createSdpMockApp } from "../sdp/app.ts";

describe("ticket pages", () => {
  it("lists tickets newest first with their notes, escaped, refreshing itself", async () => {
    const helpdesk = createMockHelpdesk();
    const { app } = createSdpMockApp({ helpdesk });
    const older = await helpdesk.createTicket({ subject: "Older ticket", description: "x" });
    await helpdesk.createTicket({
      subject: "<script>alert(1)</script>",
      description: "<img src=x onerror=alert(2)>",
    });
    await helpdesk.addNote(older.id, { body: "Second caller <b>joined</b>" });
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/http-equiv="refresh"/);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>joined");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain("Second caller &#60;b&#62;joined");
    expect(html.indexOf("alert(1)")).toBeLessThan(html.indexOf("Older ticket"));
  });

  it("serves the page a ticket's url points to, and 404 for an unknown ticket", async () => {
    const helpdesk = createMockHelpdesk();
    const { app } = createSdpMockApp({ helpdesk });
    const ticket = await helpdesk.createTicket({ subject: "Linked ticket", description: "x" });
    await helpdesk.addNote(ticket.id, { body: "a note" });
    const page = await app.request(new URL(ticket.url).pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Linked ticket");
    expect(html).toContain("a note");
    expect((await app.request("/app/itdesk/ui/requests/123640000000999999/details")).status).toBe(404);
  });
});
