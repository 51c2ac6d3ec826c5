import type { Catalog } from "../catalog.ts";
import type { Desk } from "../desk.ts";
import { personOf } from "../desk-patch.ts";
import type { ItsmState } from "../state/itsm-state.ts";
import { type ChangeDesk, createChangeDesk } from "./change-desk.ts";
import type { AssetRecord, ProjectRecord, SolutionRecord } from "./library-records.ts";
import { createModuleNotes } from "./module-notes.ts";
import { createProblemDesk, type ProblemDesk } from "./problem-desk.ts";
import { createRecordShelf, type RecordShelf } from "./record-shelf.ts";

/**
 * The modules beside requests — problems, changes, solutions, assets, projects — kept where the
 * mock keeps its tickets (memory, or its SQLite file, shared by the processes that open it). The
 * in-process `MockHelpdesk` exposes them, and the SDP-compatible server serves the same objects.
 */
export interface Itsm {
  readonly problems: ProblemDesk;
  readonly changes: ChangeDesk;
  readonly solutions: RecordShelf<SolutionRecord>;
  readonly assets: RecordShelf<AssetRecord>;
  readonly projects: RecordShelf<ProjectRecord>;
}

/**
 * Creates the modules; `seed` adds a knowledge base, assets and projects (no problems or changes),
 * once per state: a second process opening the same file finds them there.
 */
export function createItsm(deps: {
  catalog: Catalog;
  requests: Desk;
  now: () => number;
  seed: boolean;
  state: ItsmState;
}): Itsm {
  const { state } = deps;
  const notes = (module: "problem" | "change", exists: (id: string) => boolean) =>
    createModuleNotes({ catalog: deps.catalog, now: deps.now, state, module, exists });
  // The desks are made after their notes; the notes ask them lazily whether a record exists.
  const itsm: Itsm = {
    problems: createProblemDesk({
      catalog: deps.catalog,
      requests: deps.requests,
      now: deps.now,
      notes: notes("problem", (id) => itsm.problems.get(id) !== undefined),
      state,
    }),
    changes: createChangeDesk({
      catalog: deps.catalog,
      now: deps.now,
      notes: notes("change", (id) => itsm.changes.get(id) !== undefined),
      state,
    }),
    solutions: createRecordShelf("solution", state),
    assets: createRecordShelf("asset", state),
    projects: createRecordShelf("project", state),
  };
  if (deps.seed) {
    state.atomically(() => {
      if (state.get("meta", "seeded")) return;
      seedItsm(itsm, deps.catalog, deps.now());
      state.put("meta", "seeded", 0, { at: deps.now() });
    });
  }
  return itsm;
}

function seedItsm(itsm: Itsm, catalog: Catalog, time: number): void {
  const solutions: [string, string, string, string[]][] = [
    [
      "Restart the home router",
      "<p>Unplug the router for 30 seconds, plug it back in and wait two minutes for the lights to settle.</p>",
      "Connectivity",
      ["router", "restart", "no internet"],
    ],
    [
      "WiFi keeps dropping",
      "<p>Move the router away from microwaves, change the WiFi channel to 1, 6 or 11, and update its firmware.</p>",
      "WiFi",
      ["wifi", "signal", "drops"],
    ],
    [
      "Reading the ONT status lights",
      "<p>A red LOS light on the optical network terminal means no light on the fibre: report an outage.</p>",
      "Connectivity",
      ["ont", "fibre", "los", "outage"],
    ],
  ];
  for (const [title, description, topic, keywords] of solutions) {
    itsm.solutions.add((ids) => ({
      ...ids,
      title,
      description,
      topic,
      keywords,
      isPublic: true,
      createdAt: time,
      updatedAt: time,
    }));
  }
  const person = (name: string) => {
    const entry = catalog.find("requesters", { name });
    return entry ? { user: personOf(entry) } : {};
  };
  const assets: [string, string, string, string | undefined, string][] = [
    ["CPE-ELM-0042", "ISPN Fibre Router X2", "Router", "Jordan Smith", "10.20.0.42"],
    ["ONT-ELM-0042", "ISPN ONT G1", "Optical Network Terminal", "Jordan Smith", "10.21.0.42"],
    ["CPE-OAK-0107", "ISPN Fibre Router X2", "Router", "Maria Garcia", "10.20.1.7"],
    ["OLT-NORTH-01", "Optical Line Terminal 16p", "Network Equipment", undefined, "10.0.0.1"],
  ];
  assets.forEach(([name, product, productType, user, ipAddress], i) => {
    itsm.assets.add(({ id }) => ({
      id,
      name,
      product,
      productType,
      assetTag: `ISPN-${String(1000 + i)}`,
      serialNumber: `SN${String(900000 + i * 37)}`,
      state: user ? "In Use" : "In Store",
      ...(user ? person(user) : {}),
      site: "Main Office",
      ipAddress,
      createdAt: time,
    }));
  });
  const day = 86_400_000;
  const owner = catalog.find("technicians", { name: "Alex Rivera" });
  itsm.projects.add((ids) => ({
    ...ids,
    title: "North Depot fibre rollout",
    description: "<p>Pass 1,200 homes north of the depot with fibre.</p>",
    status: "In Progress",
    priority: "High",
    ...(owner ? { owner: personOf(owner) } : {}),
    projectType: "Network build",
    scheduledStart: time - 30 * day,
    scheduledEnd: time + 60 * day,
    percentageCompletion: 35,
    createdAt: time - 40 * day,
  }));
  itsm.projects.add((ids) => ({
    ...ids,
    title: "Replace legacy DSL modems",
    description: "<p>Swap the remaining DSL modems for fibre routers.</p>",
    status: "Open",
    priority: "Medium",
    projectType: "Customer equipment",
    percentageCompletion: 0,
    createdAt: time - 5 * day,
  }));
}
