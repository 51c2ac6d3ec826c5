import { DEFAULT_TAXONOMY, type Taxonomy } from "../taxonomy.ts";

/** Keyword rules, most specific first. Only categories present in the taxonomy are returned. */
const CATEGORY_RULES: [category: string, pattern: RegExp][] = [
  [
    "Outage",
    /\b(outage|area[- ]wide|whole (street|area|neighbou?rhood)|neighbou?rs?\b.*\b(down|out)|everyone.*(down|out))/i,
  ],
  ["Billing", /\b(bill(ing|ed)?|invoice|charge[ds]?|refund|payment|overcharg\w*|late fee)\b/i],
  ["Email", /\b(e-?mail|inbox|outlook|smtp|imap|webmail)\b/i],
  ["TV", /\b(tv|television|channels?|set[- ]top|cable box|remote control|iptv|streaming box)\b/i],
  ["Voice", /\b(landline|dial tone|voip|phone line|home phone|voicemail)\b/i],
  ["Installation", /\b(install(ation)?|new service|move service|moving house|appointment|activation)\b/i],
  [
    "Account",
    /\b(account|password reset|log ?in|username|cancel (my )?service|upgrade (my )?plan|change (my )?plan)\b/i,
  ],
  ["WiFi", /\b(wi-?fi|wireless|ssid|wifi password)\b/i],
  ["Speed", /\b(slow|speed|buffer(ing)?|lag(gy)?|latency|mbps|throughput)\b/i],
  [
    "Equipment",
    /\b(modem|router|ont|gateway|power supply|equipment|device (is )?broken|lights? (off|red|blinking))\b/i,
  ],
  [
    "Connectivity",
    /\b(no (internet|connection|service)|can(no|')t connect|disconnect\w*|drops?|offline|not connecting)\b/i,
  ],
];

const REASON_RULES: [reason: string, pattern: RegExp][] = [
  ["OutageConfirmed", /\b(outage (is )?confirmed|confirmed outage|known outage|outage)\b/i],
  [
    "CallerRequested",
    /\b(asked|wants?|requested|insist\w*) (for |to (speak|talk) (to|with) )?(a |an )?(human|person|agent|representative|someone|supervisor)/i,
  ],
  ["TechnicianRequired", /\b(technician|truck roll|on-?site|site visit|send someone|field tech)\b/i],
  [
    "RepeatCaller",
    /\b(called (before|again|earlier|yesterday)|repeat(ed)? call(er)?|(second|third|2nd|3rd) (time|call))\b/i,
  ],
  [
    "TwoStepsNoResolve",
    /\b(tried|restart\w*|reboot\w*|power[- ]cycl\w*|troubleshoot\w*|reset)\b.*\b(still|no (luck|change)|didn'?t|did not|not (fix|resolve)\w*)|two steps/i,
  ],
  ["LowConfidence", /\b(not sure|unclear|unsure|can'?t tell|don'?t know)\b/i],
];

/** The category the text most likely belongs to, or "Other" (when the taxonomy has it). */
export function inferCategory(text: string, taxonomy: Taxonomy = DEFAULT_TAXONOMY): string {
  return firstMatch(CATEGORY_RULES, text, taxonomy.categories) ?? fallback(taxonomy.categories);
}

/** The escalation reason the text most likely states, or "Other". */
export function inferEscalationReason(text: string, taxonomy: Taxonomy = DEFAULT_TAXONOMY): string {
  return firstMatch(REASON_RULES, text, taxonomy.escalationReasons) ?? fallback(taxonomy.escalationReasons);
}

function firstMatch(rules: [string, RegExp][], text: string, allowed: readonly string[]): string | undefined {
  for (const [value, pattern] of rules) {
    if (allowed.includes(value) && pattern.test(text)) return value;
  }
  return undefined;
}

function fallback(list: readonly string[]): string {
  return list.includes("Other") ? "Other" : list[list.length - 1]!;
}
