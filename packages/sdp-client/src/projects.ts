import { readEntity, segment } from "./entity.ts";
import { type WireProject, wireProject } from "./itsm-wire-schemas.ts";
import { fetchPage, type ListOptions, type ListPage } from "./listing.ts";
import type { CallOptions } from "./requests.ts";
import type { Transport } from "./transport.ts";

/** Projects (reference §7: `/projects` [S]); read only. */
export interface ProjectsApi {
  list(options?: ListOptions): Promise<ListPage<WireProject>>;
  get(id: string, options?: CallOptions): Promise<WireProject>;
}

/** The projects module over a transport. */
export function createProjectsApi(transport: Transport): ProjectsApi {
  return {
    list: (options) => fetchPage(transport, "/projects", ["projects"], wireProject, options),
    async get(id, options) {
      const path = `/projects/${segment(id)}`;
      const { body } = await transport.send({
        method: "GET",
        path,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return readEntity(body, ["project"], wireProject, `GET ${path}`);
    },
  };
}
