import type { WireAsset, WireChange, WireProblem, WireProject, WireSolution } from "@ispn/sdp-client";
import { z } from "zod";
import { compact } from "../compact.ts";

/**
 * What the module tools return: SDP's wire objects flattened for a model — lookups as their
 * names, people as a name, times as ISO-8601, grouped texts as text. Keys without a value are left out.
 */

type WireTime = { value?: string | number | null | undefined } | null | undefined;
type WireName = { name?: string | null | undefined } | string | null | undefined;
type WirePerson =
  | { name?: string | null | undefined; email_id?: string | null | undefined }
  | null
  | undefined;
type WireGrouped = { description?: string | null | undefined } | string | null | undefined;

const iso = (t: WireTime) => {
  const ms = Number(t?.value);
  return t?.value != null && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
};
const nameOf = (l: WireName) => (typeof l === "string" ? l : (l?.name ?? undefined));
const personOf = (p: WirePerson) => p?.name ?? p?.email_id ?? undefined;
const textOf = (g: WireGrouped, flat?: string | null) =>
  (typeof g === "string" ? g : (g?.description ?? undefined)) ?? flat ?? undefined;

/**
 * A problem's, change's or project's view: id and title, then its number, description and `rest`,
 * each left out without a value.
 */
function numberedView<R extends object>(
  record: {
    id: string;
    display_id?: string | null | undefined;
    title?: string | null | undefined;
    description?: string | null | undefined;
  },
  rest: R,
) {
  return {
    id: record.id,
    title: record.title ?? "",
    ...compact({
      number: record.display_id ?? undefined,
      description: record.description ?? undefined,
      ...rest,
    }),
  };
}

const text = z.string().optional();
const time = z.string().optional().describe("ISO-8601");

export const problemSchema = z.object({
  id: z.string().describe("Pass as problemId to the other problem tools."),
  number: text.describe("The short problem number people use."),
  title: z.string(),
  description: text,
  status: text,
  priority: text,
  impact: text,
  urgency: text,
  category: text,
  group: text,
  technician: text,
  rootCause: text,
  symptoms: text,
  impactDetails: text,
  knownError: z.boolean().optional(),
  closureCode: text,
  closureComments: text,
  hasLinkedRequests: z.boolean().optional(),
  createdAt: time,
  closedAt: time,
});

export function problemView(p: WireProblem): z.output<typeof problemSchema> {
  const closure = p.closure_info ?? p.close_details;
  return numberedView(p, {
    status: nameOf(p.status),
    priority: nameOf(p.priority),
    impact: nameOf(p.impact),
    urgency: nameOf(p.urgency),
    category: nameOf(p.category),
    group: nameOf(p.group),
    technician: personOf(p.technician),
    rootCause: textOf(p.root_cause, p.root_cause_description),
    symptoms: textOf(p.symptoms, p.symptoms_description),
    impactDetails: textOf(p.impact_details, p.impact_details_description),
    knownError: p.is_known_error ?? undefined,
    closureCode: nameOf(closure?.closure_code),
    closureComments: closure?.closure_comments ?? undefined,
    hasLinkedRequests: p.has_requests ?? undefined,
    createdAt: iso(p.created_time),
    closedAt: iso(p.closed_time),
  });
}

export const changeSchema = z.object({
  id: z.string().describe("Pass as changeId to change_get and change_add_note."),
  number: text,
  title: z.string(),
  description: text,
  status: text,
  stage: text,
  type: text,
  risk: text,
  priority: text,
  site: text,
  group: text,
  manager: text,
  owner: text,
  scheduledStart: time.describe("Start of the scheduled (maintenance) window, ISO-8601"),
  scheduledEnd: time.describe("End of the scheduled (maintenance) window, ISO-8601"),
  rollOutPlan: text,
  backOutPlan: text,
});

export function changeView(c: WireChange): z.output<typeof changeSchema> {
  return numberedView(c, {
    status: nameOf(c.status),
    stage: nameOf(c.stage),
    type: nameOf(c.change_type),
    risk: nameOf(c.risk),
    priority: nameOf(c.priority),
    site: nameOf(c.site),
    group: nameOf(c.group),
    manager: personOf(c.change_manager),
    owner: personOf(c.change_owner),
    scheduledStart: iso(c.scheduled_start_time),
    scheduledEnd: iso(c.scheduled_end_time),
    rollOutPlan: textOf(c.roll_out_plan),
    backOutPlan: textOf(c.back_out_plan),
  });
}

export const solutionSchema = z.object({
  id: z.string().describe("Pass as solutionId to solution_get."),
  title: z.string(),
  topic: text,
  keywords: z.array(z.string()),
  body: text.describe("The article, HTML (solution_get only)."),
  public: z.boolean().optional(),
});

export function solutionView(s: WireSolution, withBody: boolean): z.output<typeof solutionSchema> {
  const keywords = Array.isArray(s.keywords) ? s.keywords : (s.keywords ?? "").split(",");
  return {
    id: s.id,
    title: s.title ?? "",
    keywords: keywords.map((k) => k.trim()).filter(Boolean),
    ...compact({
      topic: nameOf(s.topic),
      body: withBody ? (s.description ?? undefined) : undefined,
      public: s.is_public ?? undefined,
    }),
  };
}

export const assetSchema = z.object({
  id: z.string().describe("Pass as assetId to asset_get."),
  name: z.string(),
  product: text,
  productType: text,
  assetTag: text,
  serialNumber: text,
  state: text,
  user: text.describe("The person using the asset"),
  userEmail: text,
  site: text,
  location: text,
  ipAddress: text,
  macAddress: text,
});

export function assetView(a: WireAsset): z.output<typeof assetSchema> {
  return {
    id: a.id,
    name: a.name ?? "",
    ...compact({
      product: nameOf(a.product),
      productType: nameOf(a.product_type),
      assetTag: a.asset_tag ?? undefined,
      serialNumber: a.serial_number ?? undefined,
      state: nameOf(a.state),
      user: personOf(a.user),
      userEmail: a.user?.email_id ?? undefined,
      site: nameOf(a.site),
      location: a.location ?? undefined,
      ipAddress: a.ip_address ?? undefined,
      macAddress: a.mac_address ?? undefined,
    }),
  };
}

export const projectSchema = z.object({
  id: z.string().describe("Pass as projectId to project_get."),
  number: text,
  title: z.string(),
  description: text,
  status: text,
  priority: text,
  owner: text,
  type: text,
  scheduledStart: time,
  scheduledEnd: time,
  percentComplete: z.number().optional(),
});

export function projectView(p: WireProject): z.output<typeof projectSchema> {
  const percent = Number(p.percentage_completion);
  return numberedView(p, {
    status: nameOf(p.status),
    priority: nameOf(p.priority),
    owner: personOf(p.owner),
    type: nameOf(p.project_type),
    scheduledStart: iso(p.scheduled_start_time),
    scheduledEnd: iso(p.scheduled_end_time),
    percentComplete: p.percentage_completion != null && Number.isFinite(percent) ? percent : undefined,
  });
}

export const moduleNoteSchema = z.object({
  id: z.string(),
  body: z.string().describe("HTML"),
  public: z.boolean(),
  author: text,
  createdAt: time,
});

export function moduleNoteView(n: {
  id: string;
  description?: string | null | undefined;
  show_to_requester?: boolean | null | undefined;
  created_by?: WirePerson;
  added_by?: WirePerson;
  created_time?: WireTime;
  added_time?: WireTime;
}): z.output<typeof moduleNoteSchema> {
  return {
    id: n.id,
    body: n.description ?? "",
    public: n.show_to_requester ?? false,
    ...compact({
      author: personOf(n.created_by ?? n.added_by),
      createdAt: iso(n.created_time ?? n.added_time),
    }),
  };
}
