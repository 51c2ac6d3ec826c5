/**
 * The handoff taxonomies. A deployment can extend each list with `createTaxonomy`.
 */
export const DEFAULT_CATEGORIES = [
  "Outage",
  "WiFi",
  "Connectivity",
  "Speed",
  "Equipment",
  "Billing",
  "Account",
  "Email",
  "TV",
  "Voice",
  "Installation",
  "Other",
] as const;

export const DEFAULT_ESCALATION_REASONS = [
  "CallerRequested",
  "TwoStepsNoResolve",
  "OutageConfirmed",
  "TechnicianRequired",
  "OutOfScope",
  "LowConfidence",
  "RepeatCaller",
  "Other",
] as const;

export const DEFAULT_SOURCES = ["OutageAgent", "ATOM", "VoiceAgent", "Manual"] as const;

/** The lists a deployment accepts. Values are matched case-insensitively and returned canonical. */
export interface Taxonomy {
  readonly categories: readonly string[];
  readonly escalationReasons: readonly string[];
  readonly sources: readonly string[];
}

export const DEFAULT_TAXONOMY: Taxonomy = {
  categories: DEFAULT_CATEGORIES,
  escalationReasons: DEFAULT_ESCALATION_REASONS,
  sources: DEFAULT_SOURCES,
};

/** The default taxonomy plus a deployment's extra values (duplicates ignored, order kept). */
export function createTaxonomy(extra: Partial<Record<keyof Taxonomy, readonly string[]>> = {}): Taxonomy {
  const merge = (base: readonly string[], more: readonly string[] = []) => {
    const seen = new Set(base.map((v) => v.toLowerCase()));
    const out = [...base];
    for (const raw of more) {
      const value = raw.trim();
      if (value && !seen.has(value.toLowerCase())) {
        seen.add(value.toLowerCase());
        out.push(value);
      }
    }
    return out;
  };
  return {
    categories: merge(DEFAULT_CATEGORIES, extra.categories),
    escalationReasons: merge(DEFAULT_ESCALATION_REASONS, extra.escalationReasons),
    sources: merge(DEFAULT_SOURCES, extra.sources),
  };
}

const loose = (value: string) => value.replace(/[\s_-]+/g, "").toLowerCase();

/** Each list's values by their loose spelling, built once per list (first spelling wins). */
const lookups = new WeakMap<readonly string[], { length: number; byLoose: Map<string, string> }>();

/** The canonical spelling of `value` in `list` (case- and space-insensitive), or `undefined`. */
export function canonicalValue(list: readonly string[], value: string): string | undefined {
  let lookup = lookups.get(list);
  if (lookup?.length !== list.length) {
    const byLoose = new Map<string, string>();
    for (const v of list) if (!byLoose.has(loose(v))) byLoose.set(loose(v), v);
    lookup = { length: list.length, byLoose };
    lookups.set(list, lookup);
  }
  return lookup.byLoose.get(loose(value));
}
