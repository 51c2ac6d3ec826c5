import { METADATA_KINDS, type MetadataItem, type MetadataKind } from "@ispn/core";
import * as seed from "./seed.ts";

/** Every lookup list the mock serves: the port's metadata kinds plus levels and requesters. */
export type CatalogKind = MetadataKind | "levels" | "requesters";

/** One value of a lookup list. */
export interface CatalogEntry {
  id: string;
  name: string;
  /** The port's `MetadataItem.detail`: a person's email, a subcategory's category. */
  detail?: string;
  /** The attributes SDP reports with the value on the wire (without id and name). */
  wire: Readonly<Record<string, unknown>>;
}

/** How a caller names a value: SDP gives importance to `id` when both are present. */
export interface LookupRef {
  id?: string;
  name?: string;
  /** People only. */
  email?: string;
  /** Subcategories only: the category the subcategory must belong to. */
  parent?: string;
}

/** The portal's lookup lists, fixed for the life of a mock. */
export interface Catalog {
  list(kind: CatalogKind): readonly CatalogEntry[];
  find(kind: CatalogKind, ref: LookupRef): CatalogEntry | undefined;
  /** The technician the mock's API tokens act as ("administrator"). */
  currentUser(): CatalogEntry;
}

// The position of a kind in this list seeds its ids, so the order is part of the mock's data.
const ORDER: readonly CatalogKind[] = [...METADATA_KINDS, "levels", "requesters"];

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

function person(p: seed.PersonSeed, technician: boolean): CatalogEntry["wire"] {
  const [first, ...rest] = p.name.split(" ");
  return {
    email_id: p.email_id,
    phone: p.phone,
    mobile: p.mobile,
    is_technician: technician,
    photo_url: null,
    ...(technician
      ? { first_name: first ?? p.name, last_name: rest.join(" "), cost_per_hour: "0", sms_mail_id: null }
      : { is_vip_user: false, department: null, sms_mail: null }),
  };
}

/** Builds the catalogue; `withSeed: false` keeps only what every SDP portal has. */
export function createCatalog(withSeed: boolean): Catalog {
  const lists = new Map<CatalogKind, CatalogEntry[]>();
  const put = (
    kind: CatalogKind,
    items: { name: string; detail?: string; wire?: CatalogEntry["wire"] }[],
  ) => {
    const base = 123640000000006000n + BigInt(ORDER.indexOf(kind) * 100);
    lists.set(
      kind,
      items.map((item, i) => ({
        id: String(base + BigInt(i + 1)),
        name: item.name,
        ...(item.detail === undefined ? {} : { detail: item.detail }),
        wire: item.wire ?? {},
      })),
    );
  };
  const names = (values: readonly string[]) => values.map((name) => ({ name }));
  const pick = <T>(system: readonly T[], extra: readonly T[]) => [...system, ...(withSeed ? extra : [])];

  put(
    "statuses",
    seed.SYSTEM_STATUSES.map(({ name, ...wire }) => ({ name, wire })),
  );
  put(
    "priorities",
    seed.SYSTEM_PRIORITIES.map(({ name, color }) => ({ name, wire: { color } })),
  );
  put("categories", names(withSeed ? seed.SEED_CATEGORIES : []));
  put("templates", [
    ...seed.SYSTEM_TEMPLATES.map((name) => ({ name, wire: { is_default: true } })),
    ...(withSeed ? seed.SEED_TEMPLATES : []).map((name) => ({ name, wire: { is_default: false } })),
  ]);
  const people = (list: readonly seed.PersonSeed[], technician: boolean) =>
    list.map((p) => ({ name: p.name, detail: p.email_id, wire: person(p, technician) }));
  put("technicians", people(pick(seed.SYSTEM_TECHNICIANS, seed.SEED_TECHNICIANS), true));
  put("requesters", people(withSeed ? seed.SEED_REQUESTERS : [], false));
  put("groups", names(withSeed ? seed.SEED_GROUPS : []));
  put("sites", names(withSeed ? seed.SEED_SITES : []));
  put("urgencies", names(seed.SYSTEM_URGENCIES));
  put("impacts", names(seed.SYSTEM_IMPACTS));
  put("modes", names(pick<string>(seed.SYSTEM_MODES, seed.SEED_MODES)));
  put("request_types", names(seed.SYSTEM_REQUEST_TYPES));
  put("closure_codes", names(seed.SYSTEM_CLOSURE_CODES));
  put("levels", names(seed.SYSTEM_LEVELS));
  const categories = lists.get("categories") ?? [];
  put(
    "subcategories",
    categories.flatMap((category) =>
      ["General", ...(seed.SEED_SUBCATEGORIES[category.name] ?? [])].map((name) => ({
        name,
        detail: category.name,
        wire: { category: { id: category.id, name: category.name } },
      })),
    ),
  );

  const list = (kind: CatalogKind) => lists.get(kind) ?? [];
  return {
    list,
    find(kind, ref) {
      const items = list(kind).filter((item) => ref.parent === undefined || same(item.detail, ref.parent));
      if (ref.id !== undefined) return items.find((item) => item.id === ref.id);
      if (ref.email !== undefined) return items.find((item) => same(item.detail, ref.email));
      return items.find((item) => same(item.name, ref.name));
    },
    currentUser: () => list("technicians")[0] as CatalogEntry,
  };
}

/** The port's view of a catalogue entry. */
export function toMetadataItem(entry: CatalogEntry): MetadataItem {
  return entry.detail === undefined
    ? { id: entry.id, name: entry.name }
    : { id: entry.id, name: entry.name, detail: entry.detail };
}
