import { readEntity, segment } from "./entity.ts";
import { type WireAsset, wireAsset } from "./itsm-wire-schemas.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import type { CallOptions } from "./requests.ts";
import { matchAll, type SearchCriterion, where } from "./search-criteria.ts";
import type { Transport } from "./transport.ts";

/** What to look assets up by; both given means both must match. */
export interface AssetQuery {
  /** Part of the asset name, e.g. "CPE-ELM". */
  name?: string;
  /** The person using the asset: an e-mail address (exact) or part of a name. */
  user?: string;
}

/** Assets (reference §7: `/assets` [S]); read only here. */
export interface AssetsApi {
  /** [I] Searches `name` and `user.email_id` / `user.name`; an empty query lists every asset. */
  search(query: AssetQuery, options?: ListOptions): Promise<ListPage<WireAsset>>;
  get(id: string, options?: CallOptions): Promise<WireAsset>;
}

/** The assets module over a transport. */
export function createAssetsApi(transport: Transport): AssetsApi {
  return {
    search(query, options = {}) {
      const criteria: SearchCriterion[] = [];
      const name = query.name?.trim();
      const user = query.user?.trim();
      if (name) criteria.push(where("name", "contains", name));
      if (user)
        criteria.push(
          user.includes("@") ? where("user.email_id", "is", user) : where("user.name", "contains", user),
        );
      const { searchCriteria: _replaced, ...rest } = options;
      const searchCriteria = matchAll(...criteria);
      return fetchPage(transport, "/assets", ["assets"], wireAsset, {
        ...rest,
        ...(searchCriteria ? { searchCriteria } : {}),
      });
    },
    async get(id, options) {
      const path = `/assets/${segment(id)}`;
      const { body } = await transport.send({
        method: "GET",
        path,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, ["asset"], wireAsset, `GET ${path}`);
    },
  };
}
