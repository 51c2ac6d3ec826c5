import type { z } from "zod";
import { SdpMisconfiguredError, SdpNotFoundError, SdpResponseError } from "./errors.ts";

/** Reads the entity under the first of `keys` present in an SDP answer, validated by `schema`. */
export function readEntity<S extends z.ZodType>(
  body: Record<string, unknown>,
  keys: readonly string[],
  schema: S,
  label: string,
): z.output<S> {
  const key = keys.find((k) => body[k] !== undefined && body[k] !== null);
  const parsed = schema.safeParse(key ? body[key] : undefined);
  if (!parsed.success) {
    throw new SdpResponseError(`SDP answered without a valid "${keys[0]}".`, {
      cause: parsed.error,
      detail: label,
    });
  }
  return parsed.data as z.output<S>;
}

/** An id as a path segment; refuses empty ids (they would address the collection instead). */
export function segment(id: string): string {
  if (!id.trim()) throw new SdpNotFoundError("An empty id names no resource.");
  return encodeURIComponent(id.trim());
}

/**
 * Calls `primary`; when SDP answers "not found" (the route may not exist on this portal), calls
 * `alternate` once. Used for routes the reference marks [C] (`close` vs `_close`, `assign` vs
 * `_assign`). A 404 means nothing was done, so the second call is not a blind write retry. The
 * route that worked is remembered in `memo`.
 */
export async function withRouteFallback<T>(
  memo: { preferred?: string },
  routes: readonly [string, string],
  run: (route: string) => Promise<T>,
): Promise<T> {
  const first = memo.preferred ?? routes[0];
  const second = first === routes[0] ? routes[1] : routes[0];
  try {
    const result = await run(first);
    memo.preferred = first;
    return result;
  } catch (error) {
    // An unknown route answers 4007 or an HTML page, depending on the portal.
    const routeMissing = (e: unknown) => e instanceof SdpNotFoundError || e instanceof SdpMisconfiguredError;
    if (!routeMissing(error)) throw error;
    const result = await run(second).catch((again: unknown) => {
      // Both routes failed alike: the resource itself is missing (or the address is wrong); report the first answer.
      throw routeMissing(again) ? error : again;
    });
    memo.preferred = second;
    return result;
  }
}
