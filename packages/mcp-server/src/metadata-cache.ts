import type { Helpdesk, MetadataItem, MetadataKind } from "@ispn/core";

/** Lookup lists change rarely; caching them spares the helpdesk's rate limit. */
export interface MetadataCache {
  /** The valid values of `kind`, from the helpdesk or the cache. Throws `HelpdeskError`. */
  get(kind: MetadataKind, options?: { signal?: AbortSignal }): Promise<MetadataItem[]>;
  /** Just the names, or `undefined` when the helpdesk cannot be asked right now (for error hints). */
  names(kind: MetadataKind): Promise<readonly string[] | undefined>;
}

export interface MetadataCacheOptions {
  helpdesk: Pick<Helpdesk, "listMetadata">;
  /** How long a list is kept. Default 5 minutes. */
  ttlMs?: number;
  /** Budget of the lookup behind an error hint. Default 3 s. */
  hintTimeoutMs?: number;
  now?: () => number;
}

/** Creates a per-server cache of the helpdesk's lookup lists. Failures are never cached. */
export function createMetadataCache(options: MetadataCacheOptions): MetadataCache {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<MetadataKind, { at: number; items: Promise<MetadataItem[]> }>();

  const get: MetadataCache["get"] = (kind, call = {}) => {
    const hit = entries.get(kind);
    if (hit && now() - hit.at < ttlMs) return hit.items;
    const items = options.helpdesk.listMetadata(kind, call.signal ? { signal: call.signal } : {});
    entries.set(kind, { at: now(), items });
    items.catch(() => {
      if (entries.get(kind)?.items === items) entries.delete(kind);
    });
    return items;
  };

  return {
    get,
    async names(kind) {
      try {
        const items = await get(kind, { signal: AbortSignal.timeout(options.hintTimeoutMs ?? 3000) });
        return items.map((i) => i.name);
      } catch {
        return undefined;
      }
    },
  };
}
