import { DEFAULT_CATEGORIES } from "@ispn/core";

/**
 * The values a fresh mock portal holds. "System" lists exist on every SDP portal; "seed" lists are
 * what an administrator configures, left empty with `seed: false`.
 */

/** Status: name plus the wire attributes SDP reports with it. */
export interface StatusSeed {
  name: string;
  internal_name: string;
  in_progress: boolean;
  stop_timer: boolean;
  color: string;
}

export const SYSTEM_STATUSES: readonly StatusSeed[] = [
  { name: "Open", internal_name: "Open", in_progress: true, stop_timer: false, color: "#0066ff" },
  {
    name: "In Progress",
    internal_name: "In Progress",
    in_progress: true,
    stop_timer: false,
    color: "#ff9900",
  },
  { name: "On Hold", internal_name: "Onhold", in_progress: false, stop_timer: true, color: "#999999" },
  { name: "Resolved", internal_name: "Resolved", in_progress: false, stop_timer: true, color: "#00cc66" },
  { name: "Closed", internal_name: "Closed", in_progress: false, stop_timer: true, color: "#006633" },
];

export const SYSTEM_PRIORITIES: readonly { name: string; color: string }[] = [
  { name: "Low", color: "#666666" },
  { name: "Medium", color: "#ff9900" },
  { name: "High", color: "#ff3300" },
  { name: "Urgent", color: "#cc0000" },
];

export const SYSTEM_URGENCIES = ["Low", "Normal", "High", "Urgent"] as const;
export const SYSTEM_IMPACTS = [
  "Affects User",
  "Affects Group",
  "Affects Department",
  "Affects Business",
] as const;
export const SYSTEM_MODES = ["E-Mail", "Phone Call", "Web Form"] as const;
export const SEED_MODES = ["Voice Agent"] as const;
export const SYSTEM_REQUEST_TYPES = ["Incident", "Service Request"] as const;
export const SYSTEM_LEVELS = ["Tier 1", "Tier 2", "Tier 3", "Tier 4"] as const;
export const SYSTEM_CLOSURE_CODES = [
  "Success",
  "Failed",
  "Canceled",
  "Postponed",
  "Unable to Reproduce",
  "Request Completed",
] as const;
export const SYSTEM_TEMPLATES = ["Default Request"] as const;
export const SEED_TEMPLATES = ["Voice Agent Handoff", "Outage Report"] as const;

/** The core's handoff categories, so a handoff's category is always valid here. */
export const SEED_CATEGORIES: readonly string[] = DEFAULT_CATEGORIES;

/**
 * The request UDFs (custom fields) the mock portal defines: `udf_fields` keys outside this list are
 * refused over HTTP with 4000 "Extra key found in JSON: udf_fields.<key>", as SDP refuses them.
 */
export const SEED_UDF_FIELDS: readonly string[] = [
  "udf_char1",
  "udf_sline_1",
  "udf_sline_2",
  "udf_sline_3",
  "udf_sline_9",
];

/** Subcategories per category; every category also has "General". */
export const SEED_SUBCATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Outage: ["Area Outage", "Single Premises"],
  WiFi: ["Signal", "Password"],
  Connectivity: ["No Sync", "Intermittent"],
  Speed: ["Slow Evenings", "Below Plan"],
  Equipment: ["Router", "Set-top Box"],
  Billing: ["Refund", "Plan Change"],
};

/** A person known to the portal (technician or requester). */
export interface PersonSeed {
  name: string;
  email_id: string;
  phone: string | null;
  mobile: string | null;
}

/** The technician the mock's OAuth tokens act as; exists even with `seed: false`. */
export const SYSTEM_TECHNICIANS: readonly PersonSeed[] = [
  { name: "administrator", email_id: "admin@ispn.example", phone: null, mobile: null },
];

export const SEED_TECHNICIANS: readonly PersonSeed[] = [
  { name: "Alex Rivera", email_id: "alex.rivera@ispn.example", phone: "+15550100001", mobile: null },
  { name: "Sam Chen", email_id: "sam.chen@ispn.example", phone: "+15550100002", mobile: null },
  { name: "Priya Patel", email_id: "priya.patel@ispn.example", phone: null, mobile: "+15550100003" },
];

export const SEED_GROUPS = ["Tier 1 Support", "Network Operations", "Field Technicians", "Billing"] as const;
export const SEED_SITES = ["Main Office", "North Depot"] as const;

/** Requesters in the mix of phone formats a real portal holds. */
export const SEED_REQUESTERS: readonly PersonSeed[] = [
  { name: "Jordan Smith", email_id: "jordan.smith@example.com", phone: "+15551230001", mobile: null },
  {
    name: "Maria Garcia",
    email_id: "maria.garcia@example.com",
    phone: "(555) 123-0002",
    mobile: "+15551230002",
  },
  { name: "Wei Zhang", email_id: "wei.zhang@example.com", phone: null, mobile: "555-123-0003" },
  { name: "Guest Caller", email_id: "guest@example.com", phone: null, mobile: null },
];
