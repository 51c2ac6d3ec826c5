import type { Hono } from "hono";
import type { Desk } from "../desk.ts";
import type { Itsm } from "../itsm/itsm.ts";
import { registerChangeRoutes } from "./changes-routes.ts";
import { assetWire, projectWire, solutionWire } from "./itsm-wire.ts";
import { registerProblemRoutes } from "./problems-routes.ts";
import { registerReadOnlyModule } from "./read-only-routes.ts";

/** Problems, changes, solutions, assets and projects over the SDP v3 wire. */
export function registerItsmRoutes(api: Hono, itsm: Itsm, requests: Desk): void {
  const { catalog } = requests;
  registerProblemRoutes(api, { problems: itsm.problems, requests });
  registerChangeRoutes(api, { changes: itsm.changes, catalog });
  const shelf = <T extends { id: string }>(
    plural: string,
    single: string,
    records: { list(): T[]; get(id: string): T | undefined },
    wire: (record: T) => Record<string, unknown>,
    sortField: string,
  ) =>
    registerReadOnlyModule(api, {
      plural,
      single,
      rows: () => records.list().map(wire),
      get: (id) => {
        const record = records.get(id);
        return record && wire(record);
      },
      defaultSort: { field: sortField, order: "asc" },
    });
  shelf("solutions", "solution", itsm.solutions, solutionWire, "title");
  shelf("assets", "asset", itsm.assets, (a) => assetWire(a, catalog), "name");
  shelf("projects", "project", itsm.projects, (p) => projectWire(p, catalog), "created_time");
}
