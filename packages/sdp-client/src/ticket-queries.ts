import type { TicketQuery, UpdateTicketInput } from "@ispn/core";
import type { ListOptions } from "./listing.ts";
import { toHtml, toUserRef } from "./request-mapping.ts";
import type { SdpRequestInput } from "./requests.ts";
import { anyOf, matchAll, type SearchCriterion, where } from "./search-criteria.ts";

/** The core ticket query as SDP `search_criteria` terms. */
export function queryCriteria(query: TicketQuery = {}): SearchCriterion[] {
  const terms: SearchCriterion[] = [];
  if (query.status !== undefined) {
    const statuses = Array.isArray(query.status) ? query.status : [query.status];
    if (statuses.length > 0)
      terms.push(where("status.name", "is", statuses.length === 1 ? statuses[0]! : statuses));
  }
  if (query.category) terms.push(where("category.name", "is", query.category));
  if (query.priority) terms.push(where("priority.name", "is", query.priority));
  if (query.technician) {
    const field = query.technician.includes("@") ? "technician.email_id" : "technician.name";
    terms.push(where(field, "is", query.technician));
  }
  if (query.requesterEmail) terms.push(where("requester.email_id", "is", query.requesterEmail));
  if (query.createdAfter) {
    const after = Date.parse(query.createdAfter);
    if (!Number.isNaN(after)) terms.push(where("created_time", "greater than", new Date(after)));
  }
  return terms;
}

/** `list_info` for a ticket list: newest first, 1-based pages, extra terms ANDed with the query. */
export function ticketListOptions(query: TicketQuery = {}, ...extra: SearchCriterion[]): ListOptions {
  const criteria = matchAll(...extra, ...queryCriteria(query));
  return {
    startIndex: query.page?.startIndex ?? 1,
    rowCount: query.page?.rowCount ?? 25,
    sortField: "created_time",
    sortOrder: "desc",
    ...(criteria ? { searchCriteria: criteria } : {}),
  };
}

/** Free text over subject or description. */
export function textCriterion(text: string): SearchCriterion {
  return anyOf(where("subject", "contains", text), where("description", "contains", text));
}

/** A core ticket patch as an SDP `request` body. */
export function patchToRequest(patch: UpdateTicketInput): SdpRequestInput {
  const byName = (name: string | undefined) => (name === undefined ? undefined : { name });
  const fields: Record<string, unknown> = {
    subject: patch.subject,
    description: patch.description === undefined ? undefined : toHtml(patch.description),
    status: byName(patch.status),
    priority: byName(patch.priority),
    category: byName(patch.category),
    subcategory: byName(patch.subcategory),
    group: byName(patch.group),
    technician: patch.technician ? toUserRef(patch.technician) : undefined,
    requester: patch.requester ? toUserRef(patch.requester) : undefined,
    resolution: patch.resolution === undefined ? undefined : { content: patch.resolution },
    udf_fields: patch.fields,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SdpRequestInput;
}
