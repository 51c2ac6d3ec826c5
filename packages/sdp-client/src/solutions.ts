import { readEntity, segment } from "./entity.ts";
import { type WireSolution, wireSolution } from "./itsm-wire-schemas.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import type { CallOptions } from "./requests.ts";
import { anyOf, where } from "./search-criteria.ts";
import type { Transport } from "./transport.ts";

/** The knowledge base (reference §7: `/solutions` [S]); read only here. */
export interface SolutionsApi {
  /**
   * Solutions whose title, description or keywords contain `text` (all solutions when it is
   * blank). `searchCriteria` in `options` is replaced by the text search.
   */
  search(text: string, options?: ListOptions): Promise<ListPage<WireSolution>>;
  get(id: string, options?: CallOptions): Promise<WireSolution>;
}

/** The solutions module over a transport. */
export function createSolutionsApi(transport: Transport): SolutionsApi {
  return {
    search(text, options = {}) {
      const wanted = text.trim();
      const criteria = wanted
        ? anyOf(
            where("title", "contains", wanted),
            where("description", "contains", wanted),
            where("keywords", "contains", wanted),
          )
        : undefined;
      const { searchCriteria: _replaced, ...rest } = options;
      return fetchPage(transport, "/solutions", ["solutions"], wireSolution, {
        ...rest,
        ...(criteria ? { searchCriteria: criteria } : {}),
      });
    },
    async get(id, options) {
      const path = `/solutions/${segment(id)}`;
      const { body } = await transport.send({
        method: "GET",
        path,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, ["solution"], wireSolution, `GET ${path}`);
    },
  };
}
