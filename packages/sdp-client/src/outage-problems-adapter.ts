import type { OutageProblem, OutageProblems } from "@ispn/core";
import type { SdpClient } from "./client.ts";
import { toHelpdeskError } from "./error-mapping.ts";
import { SdpNotFoundError } from "./errors.ts";
import type { WireProblem } from "./itsm-wire-schemas.ts";
import { where } from "./search-criteria.ts";

const ENDED = new Set(["closed", "resolved", "cancelled", "canceled"]);

/**
 * Outage tickets as problems on ServiceDesk Plus (the `OutageProblems` port): problems through
 * `client.problems`, requests linked with the request-side association. Failures are mapped to
 * `HelpdeskError`s as the `Helpdesk` adapter maps them; "not found" counts only when the problem
 * list itself answers (a wrong address never reads as "the problem is gone").
 */
export function createSdpOutageProblems(options: { client: SdpClient }): OutageProblems {
  const { client } = options;
  const root = client.endpoint.portal
    ? `${client.endpoint.webOrigin}/app/${client.endpoint.portal}`
    : client.endpoint.webOrigin;
  const view = (p: WireProblem): OutageProblem => ({
    id: p.id,
    displayId: p.display_id ?? p.id,
    // [I] the problem page, by analogy with the request page.
    url: `${root}/ui/problems/${encodeURIComponent(p.id)}/details`,
    open: !ENDED.has((p.status?.name ?? "").toLowerCase()),
  });
  const mapped = async <T>(write: boolean, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toHelpdeskError(error, write);
    }
  };
  return {
    createProblem: (input, call) => mapped(true, async () => view(await client.problems.create(input, call))),
    getProblem: (id, call) =>
      mapped(false, async () => {
        try {
          return view(await client.problems.get(id, call));
        } catch (error) {
          if (!(error instanceof SdpNotFoundError)) throw error;
          await client.problems.list({ rowCount: 1, ...(call?.signal ? { signal: call.signal } : {}) });
          return undefined;
        }
      }),
    findProblemByMarker: (marker, call) =>
      mapped(false, async () => {
        const line = `Ref: ${marker}`;
        const page = await client.problems.list({
          rowCount: 10,
          searchCriteria: where("description", "contains", line),
          ...(call?.signal ? { signal: call.signal } : {}),
        });
        for (const row of page.items) {
          // List rows may be trimmed: read the problem to see its whole description.
          const full = row.description?.includes(line) ? row : await client.problems.get(row.id, call);
          if (full.description?.includes(line)) return view(full);
        }
        return undefined;
      }),
    linkRequest: (problemId, ticketId, call) =>
      mapped(true, () => client.problems.linkRequests(problemId, [ticketId], call)),
  };
}
