import { createSdpMockApp, type MockHelpdesk } from "@ispn/helpdesk-mock";
import type { Runtime } from "@ispn/runtime";
import { createSdpClient, type SdpClient } from "@ispn/sdp-client";

/** The ServiceDesk Plus modules beside requests that the module tools use. */
export type ServiceDeskModules = Pick<
  SdpClient,
  "problems" | "changes" | "solutions" | "assets" | "projects"
>;

/** Where the module tools find problems, changes, solutions, assets and projects. */
export type ModulesSource = Partial<Pick<Runtime, "mock" | "sdp">>;

// The mock's SDP app answers in process; the origin is never dialled.
const IN_PROCESS = "http://helpdesk-mock.in-process";

/**
 * The mock's modules through its own SDP-compatible app, called in process (no socket): the same
 * client code, wire checks and faults as against ServiceDesk Plus, over the mock's state.
 */
export function modulesOverMock(mock: MockHelpdesk): ServiceDeskModules {
  const { app } = createSdpMockApp({ helpdesk: mock });
  return createSdpClient({
    baseUrl: IN_PROCESS,
    accountsUrl: IN_PROCESS,
    clientId: "1000.mockclient",
    clientSecret: "mocksecret",
    refreshToken: "1000.mockrefresh",
    fetch: async (input, init) => app.fetch(input instanceof Request ? input : new Request(input, init)),
  });
}

/** The SDP client when the runtime talks to ServiceDesk Plus, the mock's modules with the mock, else none. */
export function resolveModules(source: ModulesSource): ServiceDeskModules | undefined {
  if (source.sdp) return source.sdp;
  if (source.mock) return modulesOverMock(source.mock);
  return undefined;
}
