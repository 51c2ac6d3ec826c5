import type { CallOptions, Ticket } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { where } from "./search-criteria.ts";
import type { WireRequest } from "./wire-schemas.ts";

/**
 * Finds the request whose `display_id` (the short number a caller is told, e.g. "1001") is
 * `number`; a leading "#" is ignored. Searches `display_id is <number>` (reference §4.3: any field
 * of the request can be a criterion; no source shows `display_id` itself, so the row found must
 * carry exactly that `display_id`, and the full request is read, as list rows are trimmed).
 * `undefined` when none matches or the request is in the trash.
 */
export async function findByNumber(
  client: SdpClient,
  toTicket: (request: WireRequest) => Ticket,
  number: string,
  o?: CallOptions,
): Promise<Ticket | undefined> {
  const wanted = number.trim().replace(/^#\s*/, "");
  if (!/^\d{1,15}$/.test(wanted)) return undefined;
  const page = await client.requests.list({
    searchCriteria: where("display_id", "is", wanted),
    rowCount: 5,
    ...(o?.signal ? { signal: o.signal } : {}),
  });
  const row = page.items.find((r) => String(r.display_id ?? "") === wanted);
  if (!row) return undefined;
  const full = await client.requests.get(row.id, o?.signal ? { signal: o.signal } : {});
  return full.is_trashed ? undefined : toTicket(full);
}
