import type { Hono } from "hono";
import type { Desk } from "../desk.ts";
import type { FaultController } from "../fault-controller.ts";
import { type NoteRecord, type TicketRecord, ticketUrl } from "../records.ts";
import { escapeHtml as e } from "../sdp/envelope.ts";

/** What the pages need. */
export interface UiDeps {
  desk: Desk;
  faults: FaultController;
  link: { baseUrl: string; portal: string };
}

const REFRESH_SECONDS = 3;

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}
.t{border:1px solid #ccc;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.meta{color:#666;font-size:12px}.note{border-left:3px solid #8ab;margin:.4rem 0;padding:.2rem .6rem}
.public{border-color:#e90}pre{white-space:pre-wrap;margin:.3rem 0;font:inherit}.faults{background:#fee;padding:.4rem}`;

const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<title>${e(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function noteHtml(n: NoteRecord): string {
  const kind = n.public ? "public" : "private";
  return `<div class="note ${kind}"><div class="meta">${e(time(n.createdAt))} · ${e(n.author)} · ${kind}</div><pre>${e(n.body)}</pre></div>`;
}

function ticketHtml(r: TicketRecord, notes: NoteRecord[], deps: UiDeps): string {
  const facts = [
    r.status,
    r.priority,
    r.category,
    r.technician?.name,
    r.requester?.name ?? r.requester?.phone,
  ]
    .filter((v): v is string => Boolean(v))
    .map(e)
    .join(" · ");
  const link = ticketUrl(deps.link.baseUrl, deps.link.portal, r.id);
  return `<div class="t"><h3><a href="${e(link)}">#${e(r.displayId)}</a> ${e(r.subject)}</h3>
<div class="meta">${e(time(r.createdAt))} · ${facts} · id ${e(r.id)}</div><pre>${e(r.description)}</pre>
${r.resolution ? `<div class="meta">Resolution:</div><pre>${e(r.resolution)}</pre>` : ""}
${[...notes].reverse().map(noteHtml).join("\n")}</div>`;
}

function faultsHtml(faults: FaultController): string {
  const active = Object.entries(faults.get()).filter(
    ([key, v]) => v !== false && v !== 0 && key !== "rateLimitRetryAfterMs",
  );
  return active.length === 0
    ? ""
    : `<p class="faults">Faults on: ${e(active.map(([k, v]) => `${k}=${v}`).join(", "))}</p>`;
}

/**
 * A page at `/` listing tickets newest first, each with its notes (newest first), refreshing every
 * few seconds so a person can watch handoffs arrive; and a page per ticket at the path
 * `Ticket.url` points to (`/app/{portal}/ui/requests/{id}/details`). Everything is escaped.
 */
export function registerUiRoutes(app: Hono, deps: UiDeps): void {
  app.get("/", (c) => {
    const tickets = deps.desk.live();
    const body = tickets.map((r) => ticketHtml(r, deps.desk.notes(r.id), deps)).join("\n");
    return c.html(
      page(
        "Helpdesk mock",
        `<h1>Helpdesk mock · portal ${e(deps.link.portal)}</h1>${faultsHtml(deps.faults)}
<p class="meta">${tickets.length} ticket(s), newest first. Refreshes every ${REFRESH_SECONDS}s.</p>${body || "<p>No tickets yet.</p>"}`,
      ),
    );
  });
  app.get("/app/:portal/ui/requests/:id/details", (c) => {
    const r = deps.desk.get(c.req.param("id"));
    if (!r)
      return c.html(page("Not found", '<h1>No such request</h1><p><a href="/">All tickets</a></p>'), 404);
    return c.html(
      page(
        `#${r.displayId} ${r.subject}`,
        `<p><a href="/">All tickets</a></p>${ticketHtml(r, deps.desk.notes(r.id), deps)}`,
      ),
    );
  });
}
