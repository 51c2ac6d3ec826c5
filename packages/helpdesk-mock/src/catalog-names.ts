import type { Catalog, CatalogKind, LookupRef } from "./catalog.ts";
import { invalidValue } from "./desk-errors.ts";

/**
 * The name of the `kind` entry that `ref` (id or name) picks, as a desk stores it; `undefined`
 * without a ref. A ref the catalog does not know is SDP's invalid value (4001) for `field`.
 */
export function knownName(catalog: Catalog, kind: CatalogKind, field: string, ref: LookupRef): string;
export function knownName(
  catalog: Catalog,
  kind: CatalogKind,
  field: string,
  ref: LookupRef | undefined,
): string | undefined;
export function knownName(
  catalog: Catalog,
  kind: CatalogKind,
  field: string,
  ref: LookupRef | undefined,
): string | undefined {
  if (ref === undefined) return undefined;
  const entry = catalog.find(kind, ref);
  if (!entry) throw invalidValue(field);
  return entry.name;
}
