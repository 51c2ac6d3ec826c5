/** `T` without the keys whose value is `undefined` (for `exactOptionalPropertyTypes` inputs). */
export type Compact<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * Drops the keys whose value is `undefined`, so an object parsed from optional tool arguments can
 * be passed where optional properties must be absent rather than `undefined`.
 */
export function compact<T extends object>(value: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as Compact<T>;
}
